package memdesc.model;

import memdesc.steps.Loc;
import memdesc.steps.Member;
import memdesc.steps.StructDef;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One user's view of the state: the members it may touch. A user's code asks for a member among the
 * alternatives the roadmap's conversions allow ({@code "page.lru", "folio.lru"}); the one the state
 * declares for that user is bound. The core binding (helpers, descriptor encoding) is not a roadmap user:
 * it is bound by what the layout has and what the helpers' regimes need, and checked for existence.
 */
public final class Binding {
    final Machine machine;
    final String user;
    private final User decl;          // null: bound by what the layout has, not by declarations
    final List<Field> fields = new ArrayList<>();
    private final java.util.Map<String, Field> memo = new java.util.HashMap<>();
    private final java.util.Map<String, Boolean> declared = new java.util.HashMap<>();
    /** Machine.enc's answers for page.memdesc, page.flags, page.compound_head, page.allocator (in that order). */
    final Field[] enc = new Field[4];

    Binding(Machine machine, String user, User decl) {
        this.machine = machine;
        this.user = user;
        this.decl = decl;
    }

    public String user() {
        return user;
    }

    public Machine machine() {
        return machine;
    }

    /**
     * Binds the first alternative the state declares for this user. If none is declared, the handle
     * fails on first use, naming the user and what it asked for.
     */
    public Field field(String... alternatives) {
        alternatives = machine.words(alternatives);
        if (decl == null) return core(alternatives);
        for (String a : alternatives) if (declares(a)) return resolve(a, null);
        String declared = String.join(", ", decl.accesses().stream().map(x -> x.member().toString()).toList());
        return broken(alternatives[0], "user '" + user + "' accesses " + String.join(" or ", arrows(alternatives))
                + ", which the state does not declare for it (it declares: " + declared + ")");
    }

    /** The bound handle of one member, made once per binding (the state must declare it). */
    public Field get(String member) {
        Field f = memo.get(member);
        if (f == null) memo.put(member, f = field(member));
        return f;
    }

    /** Like {@link #field} but empty when the state declares none of the alternatives. */
    public Optional<Field> optional(String... alternatives) {
        alternatives = machine.words(alternatives);
        if (decl == null) {
            for (String a : alternatives) if (exists(a)) return Optional.of(resolve(a, null));
            return Optional.empty();
        }
        for (String a : alternatives) if (declares(a)) return Optional.of(resolve(a, null));
        return Optional.empty();
    }

    /**
     * A member the user's job needs, among the alternatives conversions allow. Declared: bound. Not
     * declared but dropped on purpose by a step ({@code drop:} of one of the alternatives for this user):
     * empty, and the user does without. Neither: the behaviour would be lost in silence, so the user no
     * longer builds; the machine refuses to boot naming it ({@link #lost()}).
     */
    public Optional<Field> need(String behaviour, String... alternatives) {
        alternatives = machine.words(alternatives);
        if (decl == null) return optional(alternatives);
        for (String a : alternatives) if (declares(a)) return Optional.of(resolve(a, null));
        for (String a : alternatives) {
            memdesc.steps.State.Dropped d = machine.state.dropped(user, a);
            if (d != null) {
                dropped.add(d);
                return Optional.empty();
            }
        }
        lost.add(behaviour + " (" + String.join(" or ", arrows(alternatives)) + ")");
        return Optional.empty();
    }

    /**
     * A word the user reads where the state has it, done another way where it has not (the flags word once
     * page_zone() comes from the PFN, the page refcount once struct page has none). Declared: bound. Not
     * declared while the state still has one of the alternatives: the user stopped using a word that is
     * still there, which is a loss unless a step dropped it ({@link #need}). None of them in the state:
     * empty, the regime without it.
     */
    public Optional<Field> regime(String behaviour, String... alternatives) {
        Optional<Field> f = optional(alternatives);
        if (f.isPresent() || decl == null) return f;
        for (String a : machine.words(alternatives)) if (exists(a)) return need(behaviour, alternatives);
        return f;
    }

    private final List<String> lost = new ArrayList<>();
    private final List<memdesc.steps.State.Dropped> dropped = new ArrayList<>();

    /** What this user needs and lost with no convert or drop saying where it went (see {@link #need}). */
    public List<String> lost() {
        return List.copyOf(lost);
    }

    /** Whether a step dropped this user's behaviour on one of these members (the model does without). */
    public boolean dropped(String member) {
        return machine.state.dropped(user, member) != null;
    }

    /** Whether this user declares the member (exactly, or a member containing it). */
    public boolean declares(String member) {
        Boolean d = declared.get(member);   // asked on every attach/detach: the state does not change under us
        if (d == null) declared.put(member, d = declaresUncached(member));
        return d;
    }

    private boolean declaresUncached(String member) {
        member = machine.word(member);
        if (decl == null) return exists(member);
        for (User.Access a : decl.accesses()) {
            String d = a.member().toString();
            if (d.equals(member) || member.startsWith(d + ".")) return true;
        }
        return false;
    }

    /** Whether the layout has the member (and no step removed it). */
    public boolean exists(String member) {
        member = machine.word(member);
        Member mm = Member.parse(member);
        if (mm == null || !machine.layouts.has(mm.struct())) return false;
        if (hiddenAt(mm) != null) return false;
        return machine.layouts.field(mm.struct(), mm.path()).isPresent();
    }

    private Field core(String... alternatives) {
        for (String a : alternatives) if (exists(a)) return resolve(a, null);
        return broken(alternatives[0], "the core helpers need " + String.join(" or ", arrows(alternatives))
                + ", which this state's layout does not have");
    }

    private Loc hiddenAt(Member mm) {
        StructDef d = machine.state.struct(mm.struct());
        if (d == null) return null;
        Loc l = d.hidden().get(mm.path());
        return l != null ? l : d.hidden().get(mm.top());
    }

    private Field resolve(String member, String forced) {
        Member mm = Member.parse(member);
        if (mm == null) return broken(member, "'" + member + "' is not struct.member");
        Loc hidden = hiddenAt(mm);
        if (hidden != null)
            return broken(member, "user '" + user + "' uses " + mm.arrow() + ", which was removed at " + hidden);
        if (!machine.layouts.has(mm.struct()))
            return broken(member, "user '" + user + "' uses " + mm.arrow() + " but struct " + mm.struct()
                    + " is not defined in this state");
        Optional<Layouts.FieldInfo> fi = machine.layouts.field(mm.struct(), mm.path());
        if (fi.isEmpty())
            return broken(member, "user '" + user + "' uses " + mm.arrow() + " but struct " + mm.struct()
                    + " of this state has no member '" + mm.path() + "'");
        Layouts.FieldInfo f = fi.get();
        int size = (int) f.size();
        // A wide member (list_head, rcu_head) is reached by its words; a bitfield by its storage unit.
        int unit = f.bitWidth() != 0 ? (int) f.size() : Math.min(size, 8);
        Field out = new Field(this, member, f.offset(), unit, f.bitOffset(), f.bitWidth(), machine.nextFieldId(), null);
        fields.add(out);
        return out;
    }

    private Field broken(String member, String why) {
        Field out = new Field(this, member, 0, 8, 0, 0, machine.nextFieldId(), why);
        fields.add(out);
        return out;
    }

    private static List<String> arrows(String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Member m = Member.parse(n);
            out.add(m == null ? n : m.arrow());
        }
        return out;
    }

    /** Declared members that no access of this run exercised. */
    public Set<String> unexercised() {
        Set<String> out = new LinkedHashSet<>();
        if (decl == null) return out;
        for (User.Access a : decl.accesses()) {
            String d = a.member().toString();
            boolean hit = false;
            for (Field f : fields)
                if (f.used() && (f.name.equals(d) || f.name.startsWith(d + "."))) hit = true;
            if (!hit) out.add(d);
        }
        return out;
    }

    /**
     * What this run did with each member it bound: "r", "w" or "rw" (a member reached only by taking its
     * address, or linked as whole words by the buddy lists, counts as both).
     */
    java.util.Map<String, String> readWritten() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Field f : fields) {
            if (!f.used()) continue;
            String had = out.getOrDefault(f.name, "");
            boolean r = f.read || had.contains("r"), w = f.written || had.contains("w");
            out.put(f.name, (r ? "r" : "") + (w ? "w" : ""));
        }
        return out;
    }

    /** Members this run touched through this binding. */
    public Set<String> exercised() {
        Set<String> out = new java.util.TreeSet<>();
        for (Field f : fields) if (f.used()) out.add(f.name);
        return out;
    }
}
