package memdesc.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One small, typed operation of a step. {@link #apply} is pure. A change that makes no sense where it
 * stands (it converts an access no named user makes) does not throw: it records a {@link State.Problem}
 * so the state fails to build at that step, which is what bisect needs to point at it.
 * Adding a kind of change is one record here and one case in the loader.
 */
public sealed interface Change {
    /** Where the change is written in the roadmap. */
    Loc loc();

    State apply(State s);

    /** The YAML key that introduces this kind of change. */
    String kind();

    /** One line for {@code memdesc show} and reports. */
    String describe();

    /**
     * Convert users' accesses from one member to another ({@code page->lru} to {@code folio->lru}).
     * With no {@code to} the users stop accessing {@code from}; with no {@code from} they start accessing
     * {@code to}. With no users named, every user that accesses {@code from} is converted.
     */
    record Convert(List<String> users, Member from, Member to, Loc loc) implements Change {
        public Convert {
            users = List.copyOf(users);
        }

        @Override public State apply(State s) {
            Map<String, User> next = new LinkedHashMap<>(s.users());
            State out = s;
            int converted = 0;
            for (User u : s.users().values()) {
                boolean named = users.contains(u.id());
                if (!named && !(users.isEmpty() && from != null && u.accesses(from))) continue;
                if (from != null && !u.accesses(from)) {
                    out = out.withProblem(loc, "user '" + u.id() + "' does not access " + from.arrow()
                            + " here, so it cannot be converted");
                    continue;
                }
                next.put(u.id(), u.convert(from, to, loc));
                converted++;
            }
            if (converted == 0 && users.isEmpty())
                out = out.withProblem(loc, "no user accesses " + from.arrow() + " here");
            return out.withUsers(next);
        }

        @Override public String kind() {
            return "convert";
        }

        @Override public String describe() {
            String who = users.isEmpty() ? "all users" : String.join(", ", users);
            if (from == null) return who + ": start using " + to.arrow();
            if (to == null) return who + ": stop using " + from.arrow();
            return who + ": " + from.arrow() + " -> " + to.arrow();
        }
    }

    /**
     * Remove a member from users' reach, as the kernel renames {@code index} to {@code __folio_index} so
     * that the compiler finds every remaining user. The bytes stay until the struct is redefined.
     */
    record Remove(Member member, Loc loc) implements Change {
        @Override public State apply(State s) {
            StructDef d = s.struct(member.struct());
            if (d == null) return s.withProblem(loc, "struct " + member.struct() + " is not defined here");
            if (d.hidden().containsKey(member.path()))
                return s.withProblem(loc, member.arrow() + " was already removed at " + d.hidden().get(member.path()));
            Map<String, StructDef> m = new LinkedHashMap<>(s.structs());
            m.put(d.name(), d.hide(member.path(), loc));
            return s.withStructs(m);
        }

        @Override public String kind() {
            return "remove";
        }

        @Override public String describe() {
            return "remove " + member.arrow();
        }
    }

    /** Define a struct, or redefine it, from C text as a kernel header has it. */
    record Define(String struct, String c, Loc cLoc, Loc loc) implements Change {
        @Override public State apply(State s) {
            Map<String, StructDef> m = new LinkedHashMap<>(s.structs());
            m.put(struct, new StructDef(struct, c, cLoc));
            return s.withStructs(m);
        }

        @Override public String kind() {
            return "define";
        }

        @Override public String describe() {
            return "define struct " + struct;
        }
    }

    /** Give a memdesc type code (the low four bits of page->memdesc) a meaning. */
    record SetType(int code, String name, Loc loc) implements Change {
        @Override public State apply(State s) {
            TreeMap<Integer, State.MemdescType> m = new TreeMap<>(s.memdescTypes());
            m.put(code, new State.MemdescType(code, name, loc));
            return s.withTypes(m);
        }

        @Override public String kind() {
            return "set_type";
        }

        @Override public String describe() {
            return "memdesc type " + code + " = " + name;
        }
    }

    /** Free a memdesc type code. */
    record ClearType(int code, Loc loc) implements Change {
        @Override public State apply(State s) {
            if (!s.memdescTypes().containsKey(code)) return s.withProblem(loc, "memdesc type " + code + " is not set here");
            TreeMap<Integer, State.MemdescType> m = new TreeMap<>(s.memdescTypes());
            m.remove(code);
            return s.withTypes(m);
        }

        @Override public String kind() {
            return "clear_type";
        }

        @Override public String describe() {
            return "memdesc type " + code + " freed";
        }
    }

    /** Decide where a descriptor kind lives: overlaid on the memmap, or separately allocated. */
    record Allocate(String descriptor, String struct, Descriptor.Placement placement, Loc loc) implements Change {
        @Override public State apply(State s) {
            Map<String, Descriptor> m = new LinkedHashMap<>(s.descriptors());
            m.put(descriptor, new Descriptor(descriptor, struct, placement, loc));
            return s.withDescriptors(m);
        }

        @Override public String kind() {
            return "allocate";
        }

        @Override public String describe() {
            return descriptor + " (struct " + struct + ") " + switch (placement) {
                case MEMMAP -> "overlaid on the memmap";
                case SEPARATE -> "separately allocated from its own slab cache";
                case IN_BLOCK -> "kept in the free block it describes";
            };
        }
    }

    /** Switch a core helper's implementation. */
    record SwitchHelper(String helper, String impl, Loc loc) implements Change {
        @Override public State apply(State s) {
            Map<String, Helper> m = new LinkedHashMap<>(s.helpers());
            m.put(helper, new Helper(helper, impl, loc));
            return s.withHelpers(m);
        }

        @Override public String kind() {
            return "helper";
        }

        @Override public String describe() {
            return helper + "() uses " + impl;
        }
    }

    /** Set a config symbol (visible to the structs' #ifdefs); a null value unsets it. */
    record SetConfig(String symbol, String value, Loc loc) implements Change {
        @Override public State apply(State s) {
            Map<String, String> m = new LinkedHashMap<>(s.config());
            if (value == null) m.remove(symbol);
            else m.put(symbol, value);
            return s.withConfig(m);
        }

        @Override public String kind() {
            return "config";
        }

        @Override public String describe() {
            return value == null ? symbol + " unset" : symbol + "=" + value;
        }
    }

    /**
     * Disable users without converting them (the Path's "developer preview"): the state builds without
     * them, their scenarios are skipped, and reports say what is disabled and why.
     */
    record Disable(List<String> users, String reason, Loc loc) implements Change {
        public Disable {
            users = List.copyOf(users);
        }

        @Override public State apply(State s) {
            Map<String, State.Disabled> m = new LinkedHashMap<>(s.disabled());
            for (String u : users) m.put(u, new State.Disabled(u, reason, loc));
            return s.withDisabled(m);
        }

        @Override public String kind() {
            return "disable";
        }

        @Override public String describe() {
            return "disable " + String.join(", ", users) + " (" + reason + ")";
        }
    }

    /**
     * Give up a behaviour on purpose: each named user stops making {@code access} (as a {@code convert}
     * without {@code to}), and the state records what is lost and why, so that the model lets that user do
     * without the member instead of failing, and {@code show}, {@code check} and the report say so. Without
     * a drop (or a convert to where the behaviour went) a user whose member disappears stops building.
     */
    record Drop(List<String> users, Member access, String behaviour, String reason, Loc loc) implements Change {
        public Drop {
            users = List.copyOf(users);
        }

        @Override public State apply(State s) {
            State out = new Convert(users, access, null, loc).apply(s);
            Map<String, State.Dropped> m = new LinkedHashMap<>(out.dropped());
            for (String u : users) m.put(State.dropKey(u, access.toString()), new State.Dropped(u, access, behaviour, reason, loc));
            return out.withDropped(m);
        }

        @Override public String kind() {
            return "drop";
        }

        @Override public String describe() {
            return String.join(", ", users) + ": drop " + access.arrow() + " (" + behaviour + "): " + reason;
        }
    }

    /** Enable users again once they are converted. */
    record Enable(List<String> users, Loc loc) implements Change {
        public Enable {
            users = List.copyOf(users);
        }

        @Override public State apply(State s) {
            Map<String, State.Disabled> m = new LinkedHashMap<>(s.disabled());
            State out = s;
            for (String u : users)
                if (m.remove(u) == null) out = out.withProblem(loc, "user '" + u + "' is not disabled here");
            return out.withDisabled(m);
        }

        @Override public String kind() {
            return "enable";
        }

        @Override public String describe() {
            return "enable " + String.join(", ", users);
        }
    }
}
