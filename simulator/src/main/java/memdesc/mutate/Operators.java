package memdesc.mutate;

import memdesc.build.BuildCheck;
import memdesc.layout.StructLayout;
import memdesc.steps.Change;
import memdesc.steps.Descriptor;
import memdesc.steps.Expect;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.StructDef;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed mutation operators. Each edits the roadmap's text (so a mutant is a roadmap a reviewer could
 * have written, and a survivor shows as a diff of it) and says at which step check must fail first. An
 * edit inside one step (every operator below but move, disable and remove) breaks that step, or at the
 * latest the first later step that requires it, which builds on the work the step no longer does:
 * <ul>
 * <li>{@code drop-change}: a step's change other than a named user's convert or a helper switch is
 *     deleted; breaks that step (a convert of every user of a member: see drop-convert);</li>
 * <li>{@code drop-convert}: one user is taken out of a convert; breaks the step, or at the latest the
 *     first later step that relies on it: the step where the member it was converted from is gone or
 *     hidden, or where a later change converts that user from the member it was converted to;</li>
 * <li>{@code drop-helper}: a helper switch is deleted; breaks that step;</li>
 * <li>{@code swap-members}, {@code union-members}: two neighbouring members of a struct (not of a union,
 *     where every member is at offset 0 already) change places, or are put in one union; breaks the step
 *     that defines the struct (the baseline for its structs);</li>
 * <li>{@code move-before-need}: a step is moved before one of the steps it requires (the requires it
 *     then breaks are dropped, as a reviewer ignoring them would); breaks the moved step;</li>
 * <li>{@code type-aliases-buddy}: a kind takes a code that aliases Buddy (0/4/8/12 while a free page's
 *     list pointer overlays memdesc); {@code type-shared-code}: a kind takes another kind's code (the
 *     table has one name per code, so one of the two is left without one); both break that step;</li>
 * <li>{@code disable-for-good}: a user is disabled at a (seeded) step and never enabled; breaks that step
 *     (when the state cannot do without the user) and at the latest the last step (the developer preview
 *     never ends);</li>
 * <li>{@code remove-step}: a step is deleted (and from every requires); breaks a later step. Every later
 *     state differs from the roadmap's by that step alone, so the first to fail is the first that needs
 *     it; when that one does not require it, the result says so (a need the roadmap does not declare).
 *     A survivor is equivalent when no step requires the step, else a gap;</li>
 * <li>{@code narrow-pfn}: a member that holds a PFN (a bit-field of 20 bits or more, or one named pfn)
 *     loses a bit (or becomes 32 bits); breaks the step that defines it.</li>
 * </ul>
 */
final class Operators {
    static final List<String> NAMES = List.of("drop-change", "drop-convert", "drop-helper", "swap-members",
            "union-members", "move-before-need", "type-aliases-buddy", "type-shared-code", "disable-for-good",
            "remove-step", "narrow-pfn");

    private final Roadmap roadmap;
    private final List<String> lines;
    private final long seed;
    private final List<State> states;
    private final List<Mutant> out = new ArrayList<>();
    private final Map<Integer, Set<String>> accessible = new HashMap<>();

    private Operators(Roadmap roadmap, String text, long seed) {
        this.roadmap = roadmap;
        this.lines = List.of(text.split("\n", -1));
        this.seed = seed;
        this.states = roadmap.states();
    }

    /** Every mutant of every operator, in a fixed order (operator, then roadmap order). */
    static List<Mutant> all(Roadmap roadmap, String text, long seed) {
        Operators o = new Operators(roadmap, text, seed);
        o.dropChanges();
        o.dropConverts();
        o.dropHelpers();
        o.structEdits(true);
        o.structEdits(false);
        o.moves();
        o.typeAliases();
        o.sharedCodes();
        o.disables();
        o.removeSteps();
        o.narrowPfns();
        // the same text twice (two edits that come to one) is one mutant
        Map<String, Mutant> unique = new java.util.LinkedHashMap<>();
        for (Mutant m : o.out) unique.putIfAbsent(m.text(), m);
        return List.copyOf(unique.values());
    }

    // ------------------------------------------------------------------ the operators

    private void dropChanges() {
        for (Step s : roadmap.steps()) {
            for (Change c : s.changes()) {
                if (c instanceof Change.SwitchHelper) continue;
                if (c instanceof Change.Convert cv && !cv.users().isEmpty()) continue;
                String text = deleteItem(c);
                if (text == null) continue;
                List<String> window = List.of(s.id());
                String says = "at " + s.id();
                java.util.function.BiFunction<Roadmap, Roadmap, String> eq = Mutant.NEVER;
                if (c instanceof Change.Convert cv) {
                    Set<String> who = new LinkedHashSet<>();
                    for (User u : states.get(s.number() - 1).users().values())
                        if (cv.from() != null && u.accesses(cv.from())) who.add(u.id());
                    int last = s.number();
                    for (String u : who) last = Math.max(last, reliance(s, u, cv.from(), cv.to()));
                    window = stepsBetween(s.number(), last);
                    says = window.size() == 1 ? says : "from " + s.id() + " to " + window.get(window.size() - 1);
                } else if (c instanceof Change.Remove r) {
                    eq = (orig, mut) -> unusedFrom(mut, s.id(), r.member());
                } else if (c instanceof Change.ClearType ct) {
                    eq = (orig, mut) -> codeUnused(mut, s.id(), ct.code());
                }
                add("drop-change", s, "delete '" + c.kind() + "': " + c.describe(), text, window, says, eq);
            }
        }
    }

    private void dropConverts() {
        for (Step s : roadmap.steps()) {
            for (Change c : s.changes()) {
                if (!(c instanceof Change.Convert cv) || cv.users().isEmpty()) continue;
                for (String u : cv.users()) {
                    String text = cv.users().size() == 1 ? deleteItem(c) : dropUser(c, u);
                    if (text == null) continue;
                    int last = reliance(s, u, cv.from(), cv.to());
                    List<String> window = stepsBetween(s.number(), last);
                    String says = window.size() == 1 ? "at " + s.id() : "from " + s.id() + " to " + window.get(window.size() - 1);
                    String what = cv.from() == null ? "start using " + cv.to().arrow()
                            : cv.to() == null ? "stop using " + cv.from().arrow() : cv.from().arrow() + " -> " + cv.to().arrow();
                    add("drop-convert", s, u + " is no longer converted (" + what + ")", text, window, says, Mutant.NEVER);
                }
            }
        }
    }

    private void dropHelpers() {
        for (Step s : roadmap.steps())
            for (Change c : s.changes())
                if (c instanceof Change.SwitchHelper h) {
                    String text = deleteItem(c);
                    if (text != null) add("drop-helper", s, "delete the switch: " + h.describe(), text,
                            List.of(s.id()), "at " + s.id(), Mutant.NEVER);
                }
    }

    /** The C texts a struct edit may touch: the baseline's structs and every define. */
    private record CText(String stepId, int stateIndex, StructDef def) {}

    private List<CText> cTexts() {
        List<CText> out = new ArrayList<>();
        // a baseline struct read from a kernel tree (--kernel) is not the roadmap's text: nothing to edit there
        for (StructDef d : roadmap.baseline().structs().values())
            if (d.loc() == null || d.loc().file().equals(roadmap.file())) out.add(new CText(State.BASELINE, 0, d));
        for (Step s : roadmap.steps())
            for (Change c : s.changes())
                if (c instanceof Change.Define d) out.add(new CText(s.id(), s.number(), new StructDef(d.struct(), d.c(), d.cLoc())));
        return out;
    }

    private void structEdits(boolean swap) {
        for (CText ct : cTexts()) {
            if (ct.def().loc() == null || ct.def().loc().line() <= 0 || !ct.def().c().contains("\n")) continue;
            int first = ct.def().loc().line() - 1; // 0-based roadmap line of C line 1
            for (CMembers.Line[] p : CMembers.neighbours(CMembers.scan(ct.def().c()))) {
                int a = first + p[0].line(), b = first + p[1].line();
                if (!lines.get(a).endsWith(p[0].text()) || !lines.get(b).endsWith(p[1].text())) continue;
                List<String> t = new ArrayList<>(lines);
                String what;
                if (swap) {
                    t.set(a, lines.get(b));
                    t.set(b, lines.get(a));
                    what = "swap " + ct.def().name() + "." + p[0].name() + " and " + ct.def().name() + "." + p[1].name();
                } else {
                    String ind = lines.get(a).substring(0, lines.get(a).length() - p[0].text().length())
                            + p[0].text().substring(0, p[0].text().length() - p[0].text().stripLeading().length());
                    t.add(b + 1, ind + "};");
                    t.add(a, ind + "union {");
                    what = "put " + ct.def().name() + "." + p[0].name() + " and " + ct.def().name() + "." + p[1].name() + " in one union";
                }
                java.util.function.BiFunction<Roadmap, Roadmap, String> eq = swap ? swapEquivalence(ct, p) : unionEquivalence(ct, p);
                add(swap ? "swap-members" : "union-members", ct.stepId(), what, String.join("\n", t),
                        List.of(ct.stepId()), "at " + ct.stepId(), eq);
            }
        }
    }

    /**
     * The order of members matters only where bytes are shared: a struct overlaid on the memmap (or struct
     * page itself, or one embedded by value in another), members overlaying others of their own struct
     * (under a union), or an offset a step asserts while the definition stands. A struct that is none of these is reached by member
     * name only, so two of its members can trade places without any behaviour changing. (Two unused members
     * of one type in an overlay are not called equivalent: the kernel's own offset asserts may name them.)
     */
    private java.util.function.BiFunction<Roadmap, Roadmap, String> swapEquivalence(CText ct, CMembers.Line[] p) {
        return (orig, mut) -> {
            // an offset asserted while this text is the struct's definition (an earlier assert was about an
            // earlier definition) makes the order observable
            if (asserted(orig, ct, p)) return null;
            String bits = bitFieldsOfOneWord(orig, ct, p);
            if (bits != null) return bits;
            if (!overlaysNothing(orig, ct)) return null;
            String pad = pad(orig, ct, p);
            if (pad != null) return pad;
            if (p[0].underUnion()) return usedUnderUnion(orig, ct, p);
            return "struct " + ct.def().name() + " overlays nothing where it is defined so, and no step asserts the offset of "
                    + p[0].name() + " or " + p[1].name() + ": members are reached by name, so their order is not observable";
        };
    }

    /** A union of two members is equivalent only when one of them is a pad of a struct that overlays nothing. */
    private java.util.function.BiFunction<Roadmap, Roadmap, String> unionEquivalence(CText ct, CMembers.Line[] p) {
        return (orig, mut) -> {
            if (asserted(orig, ct, p) || !overlaysNothing(orig, ct)) return null;
            return pad(orig, ct, p);
        };
    }

    /** Whether a step's expect names one of the two members while this text is the struct's definition. */
    private static boolean asserted(Roadmap orig, CText ct, CMembers.Line[] p) {
        String name = ct.def().name();
        List<State> ss = orig.states();
        for (int k = Math.max(1, ct.stateIndex()); k < ss.size(); k++) {
            StructDef d = ss.get(k).struct(name);
            if (d == null || !d.c().equals(ct.def().c())) continue;
            for (Expect.Match m : orig.steps().get(k - 1).expect().matches())
                if (named(m.a(), name, p) || named(m.b(), name, p)) return true;
        }
        return false;
    }

    /**
     * Whether the struct, in every state in which this text is its definition, shares no bytes with another:
     * not struct page, no descriptor of it on the memmap, not embedded by value in another struct.
     */
    private static boolean overlaysNothing(Roadmap orig, CText ct) {
        String name = ct.def().name();
        if (name.equals("page")) return false;
        for (State s : orig.states()) {
            StructDef d = s.struct(name);
            if (d == null || !d.c().equals(ct.def().c())) continue;
            for (Descriptor desc : s.descriptors().values())
                if (desc.struct().equals(name) && desc.placement() == Descriptor.Placement.MEMMAP) return false;
            for (StructDef o : s.structs().values())
                if (!o.name().equals(name) && java.util.regex.Pattern.compile("\\bstruct\\s+" + name + "\\s+\\w+\\s*(\\[|;)").matcher(o.c()).find())
                    return false; // embedded by value in another struct
        }
        return true;
    }

    /**
     * Two members under a union of their own struct, which overlays nothing, trade places within their
     * alternative: what they now share is other bytes of the other alternatives, which the kernel does not use
     * at the same time. Where modelled users declare both members, check exercises them (it fails a state
     * whose declared member no user touches) with the type-confusion checker on, which fails a read of one
     * alternative over bytes last written through another: a swap that check passes is then not observable.
     * A member no user declares is not exercised, and the survivor stays a gap.
     */
    private static String usedUnderUnion(Roadmap orig, CText ct, CMembers.Line[] p) {
        String name = ct.def().name();
        boolean any = false;
        for (State s : orig.states()) {
            StructDef d = s.struct(name);
            if (d == null || !d.c().equals(ct.def().c())) continue;
            any = true;
            for (CMembers.Line l : p) {
                Member mm = Member.parse(name + "." + l.name());
                boolean used = false;
                for (User u : s.users().values()) if (mm != null && u.accesses(mm)) used = true;
                if (!used) return null;
            }
        }
        if (!any) return null;
        return name + "." + p[0].name() + " and " + name + "." + p[1].name() + " are used by modelled users, under a union of"
                + " struct " + name + ", which overlays nothing where it is defined so: check exercises both with the"
                + " type-confusion checker on, so their new places being read through another alternative of the union would fail it";
    }

    /** The kernel's names for padding: __filler, _pt_pad_1, _pp_mapping_pad, unused. */
    private static final Pattern PAD = Pattern.compile("_*(filler|pad|unused)(_\\w*)?|\\w*_pad(_\\d+)?");

    /**
     * A swap or union that moves a member onto (or off) a pad, in a struct that overlays nothing. A pad holds
     * nothing: it keeps its neighbour off bytes of struct page that matter while the struct overlays it (an
     * even word at compound_head, so that PageTail() is false), and the roadmap lists it as unmodelled. Where
     * the struct overlays nothing, what the pad's neighbour then shares is another alternative of its own
     * union, which the kernel never uses at the same time (an mlocked folio is on no LRU list; a PMD table's
     * deposited table is not on pt_list): the type-confusion checker fails check where the model does.
     */
    private static String pad(Roadmap orig, CText ct, CMembers.Line[] p) {
        String name = ct.def().name();
        State s = orig.states().get(Math.max(0, ct.stateIndex()));
        for (CMembers.Line l : p) {
            if (!PAD.matcher(l.name()).matches()) continue;
            for (memdesc.steps.Claims.Unmodelled u : s.claims().unmodelled().values())
                if (u.member().struct().equals(name) && u.member().path().equals(l.name()))
                    return name + "." + l.name() + " is padding (unmodelled: " + u.reason() + "), and struct " + name
                            + " overlays nothing where it is defined so: the pad's place matters only over struct page, and"
                            + " what its neighbour shares instead is another alternative of its union, never in use at the same time";
        }
        return null;
    }

    /**
     * Two bit-fields of one storage word trade places inside it: code reaches a bit-field by name and the
     * word itself only as a whole (slab->counters copied for the double-word cmpxchg, struct buddy as the
     * memdesc word), so the order within the word is not observable unless an assert names one of them
     * (checked by the caller for steps' expects; here for the roadmap's overlay asserts).
     */
    private static String bitFieldsOfOneWord(Roadmap orig, CText ct, CMembers.Line[] p) {
        if (p[0].bits() == null || p[1].bits() == null) return null;
        String name = ct.def().name();
        State s = orig.states().get(Math.max(0, ct.stateIndex()));
        for (memdesc.steps.Claims.Overlay o : s.claims().overlays())
            for (memdesc.steps.Claims.Pair pr : o.pairs())
                if (named(pr.a(), name, p) || named(pr.b(), name, p)) return null;
        Map<String, StructLayout> laid;
        try {
            laid = BuildCheck.layoutLp64(s);
        } catch (RuntimeException e) {
            return null;
        }
        StructLayout l = laid.get(name);
        if (l == null || s.struct(name) == null || !s.struct(name).c().equals(ct.def().c())) return null;
        var a = l.find(p[0].name());
        var b = l.find(p[1].name());
        if (a.isEmpty() || b.isEmpty() || !a.get().bitfield() || !b.get().bitfield()
                || a.get().offset() != b.get().offset() || a.get().size() != b.get().size()) return null;
        return name + "." + p[0].name() + " and " + name + "." + p[1].name() + " are bit-fields of one "
                + a.get().size() + "-byte word, reached by name (the word itself only as a whole), and no assert names"
                + " either: their order inside the word is not observable";
    }

    private static boolean named(Member m, String struct, CMembers.Line[] p) {
        return m.struct().equals(struct) && (m.top().equals(p[0].name()) || m.top().equals(p[1].name()));
    }

    private void moves() {
        Map<String, Integer> index = new HashMap<>();
        for (Step s : roadmap.steps()) index.put(s.id(), s.number());
        for (Step x : roadmap.steps()) {
            for (Step.Ref need : x.requires()) {
                Step y = roadmap.step(need.id()).orElse(null);
                if (y == null) continue;
                Set<String> broken = new HashSet<>();
                for (Step.Ref r : x.requires()) if (index.getOrDefault(r.id(), 0) >= y.number()) broken.add(r.id());
                List<String> t = new ArrayList<>(lines);
                dropRequires(t, x, broken);
                int[] span = stepSpan(x);
                List<String> block = new ArrayList<>(t.subList(span[0], span[1] + 1));
                int cutEnd = span[1] + 1 < t.size() && t.get(span[1] + 1).isBlank() ? span[1] + 1 : span[1];
                // lines of x's block are removed after the insertion point is used: y comes before x
                int at = stepSpan(y)[0];
                for (int i = cutEnd; i >= span[0]; i--) t.remove(i);
                List<String> insert = new ArrayList<>(block);
                insert.add("");
                t.addAll(at, insert);
                add("move-before-need", x, "move " + x.id() + " before " + y.id() + " (which it requires)",
                        compact(t), List.of(x.id()), "at " + x.id(), Mutant.NEVER);
            }
        }
    }

    private static final Set<Integer> ALIASES = Set.of(0, 4, 8, 12);

    /** Steps whose state has Buddy at every alias code (the list pointer overlays memdesc there). */
    private boolean aliasesActive(State s) {
        for (int c : ALIASES) {
            State.MemdescType t = s.memdescTypes().get(c);
            if (t == null || !t.name().equals("buddy")) return false;
        }
        return true;
    }

    private void typeAliases() {
        for (Step s : roadmap.steps()) {
            if (!aliasesActive(states.get(s.number()))) continue;
            List<Change> cs = s.changes();
            for (int i = 0; i < cs.size(); i++) {
                if (!(cs.get(i) instanceof Change.SetType st) || st.name().equals("buddy")) continue;
                // an alias code already Buddy where this line stands, so that this line (later) wins
                List<Integer> codes = new ArrayList<>();
                for (int c : new java.util.TreeSet<>(ALIASES)) {
                    State.MemdescType before = states.get(s.number() - 1).memdescTypes().get(c);
                    boolean set = before != null && before.name().equals("buddy");
                    for (int j = 0; j < i; j++)
                        if (cs.get(j) instanceof Change.SetType o && o.code() == c) set = o.name().equals("buddy");
                    if (set) codes.add(c);
                }
                if (codes.isEmpty()) continue;
                int code = codes.get(new Random(seed * 31 + st.code()).nextInt(codes.size()));
                String text = setCode(st, code);
                if (text != null) add("type-aliases-buddy", s, st.name() + " takes code " + code + " (Buddy's alias) instead of " + st.code(),
                        text, List.of(s.id()), "at " + s.id(), Mutant.NEVER);
            }
        }
    }

    private void sharedCodes() {
        for (Step s : roadmap.steps()) {
            State st = states.get(s.number());
            for (Change c : s.changes()) {
                if (!(c instanceof Change.SetType t) || t.name().equals("buddy")) continue;
                List<State.MemdescType> others = new ArrayList<>();
                for (State.MemdescType o : st.memdescTypes().values())
                    if (!o.name().equals("buddy") && !o.name().equals(t.name()) && o.code() != t.code()) others.add(o);
                if (others.isEmpty()) continue;
                State.MemdescType other = others.get(new Random(seed * 17 + t.code()).nextInt(others.size()));
                String text = setCode(t, other.code());
                if (text != null) add("type-shared-code", s, t.name() + " takes code " + other.code() + " of " + other.name(),
                        text, List.of(s.id()), "at " + s.id(), Mutant.NEVER);
            }
        }
    }

    private void disables() {
        List<Step> steps = roadmap.steps();
        if (steps.isEmpty()) return;
        Step last = steps.get(steps.size() - 1);
        for (String u : roadmap.baseline().users().keySet()) {
            Step s = steps.get(new Random(seed * 131 + u.hashCode()).nextInt(steps.size()));
            Change lastChange = s.changes().get(s.changes().size() - 1);
            int[] item = itemSpan(lastChange);
            if (item == null) continue;
            List<String> t = new ArrayList<>(lines);
            t.add(item[1] + 1, " ".repeat(item[2]) + "- disable: {users: [" + u + "], reason: mutant}");
            List<String> window = stepsBetween(s.number(), last.number());
            add("disable-for-good", s, "disable " + u + " at " + s.id() + ", never enabled again", String.join("\n", t),
                    window, window.size() == 1 ? "at " + last.id() : "from " + s.id() + " to " + last.id() + " (the last step)",
                    Mutant.NEVER);
        }
    }

    private void removeSteps() {
        for (Step x : roadmap.steps()) {
            List<String> t = new ArrayList<>(lines);
            for (Step o : roadmap.steps()) if (o != x) dropRequires(t, o, Set.of(x.id()));
            int[] span = stepSpan(x);
            int cutEnd = span[1] + 1 < t.size() && t.get(span[1] + 1).isBlank() ? span[1] + 1 : span[1];
            for (int i = cutEnd; i >= span[0]; i--) t.remove(i);
            List<String> dependents = new ArrayList<>();
            for (Step o : roadmap.steps()) if (o.number() > x.number() && closure(o).contains(x.id())) dependents.add(o.id());
            // Every later state differs from the roadmap's only by the missing step, so the first that fails is
            // the first that needs it; one that does not require it shows a need the roadmap does not declare.
            List<String> window = stepsBetween(x.number() + 1, roadmap.steps().size());
            String says = dependents.isEmpty() ? "at any later step (no step requires it)"
                    : "at a later step (" + String.join(", ", dependents) + " require it)";
            java.util.function.BiFunction<Roadmap, Roadmap, String> eq = Mutant.NEVER;
            if (dependents.isEmpty())
                eq = (orig, mut) -> "no step requires " + x.id() + ": the roadmap without it is a shorter plan, and check verifies every state of it";
            add("remove-step", x, "delete step " + x.id(), compact(t), window, says, eq);
        }
    }

    private static final Pattern PFN_NAME = Pattern.compile(".*pfn.*");

    private void narrowPfns() {
        for (CText ct : cTexts()) {
            if (ct.def().loc() == null || ct.def().loc().line() <= 0 || !ct.def().c().contains("\n")) continue;
            int first = ct.def().loc().line() - 1;
            for (CMembers.Line m : CMembers.scan(ct.def().c())) {
                int at = first + m.line();
                String line = lines.get(at);
                if (!line.endsWith(m.text())) continue;
                String narrowed;
                String what;
                if (m.bits() != null && m.bits() >= 20 && m.bits() < 64) {
                    narrowed = line.replaceFirst("(\\b" + m.name() + "\\s*:\\s*)" + m.bits(), "$1" + (m.bits() - 1));
                    what = m.bits() + " to " + (m.bits() - 1) + " bits";
                } else if (m.bits() == null && PFN_NAME.matcher(m.name()).matches()
                        && m.type().matches("(unsigned long|u64|unsigned long long)")) {
                    narrowed = line.replaceFirst("(unsigned long long|unsigned long|u64)(\\s+" + m.name() + "\\b)", "unsigned int$2");
                    what = m.type() + " to unsigned int";
                } else continue;
                if (narrowed.equals(line)) continue;
                List<String> t = new ArrayList<>(lines);
                t.set(at, narrowed);
                int width = m.bits() != null ? m.bits() - 1 : 32;
                String field = ct.def().name() + "." + m.name();
                add("narrow-pfn", ct.stepId(), "narrow " + field + " from " + what,
                        String.join("\n", t), List.of(ct.stepId()), "at " + ct.stepId(), (orig, mut) -> claimCovers(orig, field, width));
            }
        }
    }

    /**
     * A narrowed PFN field that still describes the largest machine the roadmap claims: the plan promises
     * no more, so the narrowing breaks nothing it stands for. (All ones may mean "none": 2^w - 1 frames.)
     * Without a claim the field has no stated bound, and a survivor is a gap.
     */
    static String claimCovers(Roadmap orig, String field, int width) {
        memdesc.steps.Claims.MachineClaim c = orig.states().get(0).claims().machine();
        if (c == null || width >= 63) return null;
        long frames = c.highest() >>> 12, can = (1L << width) - 1;      // the highest PFN, memory placed high
        if (frames > can) return null;
        return "with " + width + " bits " + field + " still describes " + can + " frames, more than the " + frames
                + " of the largest machine the roadmap claims (machine: at " + c.loc().line() + ":" + c.loc().column()
                + "): the plan promises no more";
    }

    // ------------------------------------------------------------------ where a mutation must be caught

    /**
     * The last step at which a user that was not converted ({@code from} -> {@code to}) at step {@code s}
     * must be caught: the first step from {@code s} on where the original roadmap has {@code from} gone or
     * hidden, or (after {@code s}) converts that user from {@code to} by name or drops its access to it. When neither happens, the
     * convert must show at {@code s} itself.
     */
    private int reliance(Step s, String user, Member from, Member to) {
        for (int k = s.number(); k < states.size(); k++) {
            if (from != null && !accessible(k).contains(from.toString())) return k;
            if (k > s.number() && to != null)
                for (Change c : roadmap.steps().get(k - 1).changes())
                    if (c instanceof Change.Convert cv && cv.users().contains(user) && to.equals(cv.from())
                            || c instanceof Change.Drop d && d.users().contains(user) && to.equals(d.access())) return k;
        }
        return s.number();
    }

    /** Members users can reach in state {@code k} of the original: laid out, and not hidden. */
    private Set<String> accessible(int k) {
        return accessible.computeIfAbsent(k, i -> {
            State st = states.get(i);
            Set<String> out = new HashSet<>();
            Map<String, StructLayout> laid;
            try {
                laid = BuildCheck.layoutLp64(st);
            } catch (RuntimeException e) {
                return out;
            }
            for (var e : laid.entrySet()) {
                StructDef d = st.struct(e.getKey());
                for (String p : BuildCheck.memberPaths(e.getValue())) {
                    if (d != null && hiddenUnder(d, p)) continue;
                    out.add(e.getKey() + "." + p);
                }
            }
            return out;
        });
    }

    private static boolean hiddenUnder(StructDef d, String path) {
        for (String h : d.hidden().keySet()) if (path.equals(h) || path.startsWith(h + ".")) return true;
        return false;
    }

    private List<String> stepsBetween(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int k = from; k <= to && k <= roadmap.steps().size(); k++) ids.add(roadmap.steps().get(k - 1).id());
        return ids;
    }

    private Set<String> closure(Step s) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(s.requiredIds());
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (seen.add(id)) roadmap.step(id).ifPresent(x -> todo.addAll(x.requiredIds()));
        }
        return seen;
    }

    /** A dropped {@code remove:}: equivalent when no user accesses the member from that step on. */
    static String unusedFrom(Roadmap mut, String stepId, Member m) {
        int from = mut.resolve(stepId);
        List<State> ss = mut.states();
        for (int k = from; k < ss.size(); k++)
            for (User u : ss.get(k).users().values())
                if (u.accesses(m)) return null;
        return "no user accesses " + m.arrow() + " from " + stepId + " on: the remove only keeps new users out";
    }

    /** A dropped {@code clear_type:}: equivalent when the code's kind has a lower code, which is the one pages get. */
    static String codeUnused(Roadmap mut, String stepId, int code) {
        State s = mut.states().get(mut.resolve(stepId));
        State.MemdescType t = s.memdescTypes().get(code);
        if (t == null) return null;
        for (State.MemdescType o : s.memdescTypes().values())
            if (o.code() < code && o.name().equals(t.name()))
                return "code " + code + " is left to '" + t.name() + "', which has code " + o.code() + ": no page is tagged " + code;
        return null;
    }

    // ------------------------------------------------------------------ text edits

    private void add(String op, Step s, String what, String text, List<String> window, String says,
                     java.util.function.BiFunction<Roadmap, Roadmap, String> eq) {
        add(op, s.id(), what, text, window, says, eq);
    }

    /** Operators whose edit stays inside one step: they may show at that step or where a later one builds on it. */
    private static final Set<String> LOCAL = Set.of("drop-change", "drop-convert", "drop-helper", "swap-members",
            "union-members", "type-aliases-buddy", "type-shared-code", "narrow-pfn");

    private void add(String op, String step, String what, String text, List<String> window, String says,
                     java.util.function.BiFunction<Roadmap, Roadmap, String> eq) {
        if (LOCAL.contains(op) && !step.equals(State.BASELINE)) {
            // A step that leaves its work undone may still build and pass itself (the bytes it should have
            // moved are the same bytes there); the first step that requires it needs that work.
            Step s = roadmap.step(step).orElseThrow();
            int last = s.number();
            for (String w : window) last = Math.max(last, roadmap.resolve(w));
            String reason = null;
            for (Step o : roadmap.steps())
                if (o.number() > s.number() && closure(o).contains(s.id())) {
                    if (o.number() > last) {
                        last = o.number();
                        reason = o.id() + ", the first step that requires " + s.id();
                    }
                    break;
                }
            if (reason != null) {
                window = stepsBetween(s.number(), last);
                says = "from " + s.id() + " to " + reason;
            }
        }
        out.add(new Mutant(op, step, what, text, window, says, eq));
    }

    private static int indent(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') i++;
        return i;
    }

    /**
     * The lines of a block sequence item that starts at {@code start} (0-based) with its dash at column
     * {@code dash}: up to the last non-blank line before the next line indented no deeper than the dash.
     */
    private int blockEnd(int start, int dash) {
        int last = start;
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) continue;
            if (indent(l) <= dash) break;
            last = i;
        }
        return last;
    }

    /** [first line, last line, dash column] of a change item, or null if it is not a "- key:" item. */
    private int[] itemSpan(Change c) {
        int start = c.loc().line() - 1;
        if (start < 0 || start >= lines.size()) return null;
        String l = lines.get(start);
        int dash = indent(l);
        if (dash >= l.length() || l.charAt(dash) != '-' || dash + 2 != c.loc().column() - 1) return null;
        return new int[] {start, blockEnd(start, dash), dash};
    }

    private int[] stepSpan(Step s) {
        int start = s.loc().line() - 1;
        String l = lines.get(start);
        int dash = indent(l);
        return new int[] {start, blockEnd(start, dash)};
    }

    private String deleteItem(Change c) {
        int[] span = itemSpan(c);
        if (span == null) return null;
        List<String> t = new ArrayList<>(lines);
        for (int i = span[1]; i >= span[0]; i--) t.remove(i);
        return String.join("\n", t);
    }

    private static final Pattern USERS = Pattern.compile("(users:\\s*\\[)([^\\]]*)(\\])");

    /** The convert's one-line flow {@code users: [..]} without {@code user}; null if not written so. */
    private String dropUser(Change c, String user) {
        int at = c.loc().line() - 1;
        String l = lines.get(at);
        Matcher m = USERS.matcher(l);
        if (!m.find()) return null;
        List<String> names = new ArrayList<>();
        for (String n : m.group(2).split(",")) if (!n.trim().isEmpty()) names.add(n.trim());
        if (!names.remove(user)) return null;
        List<String> t = new ArrayList<>(lines);
        t.set(at, l.substring(0, m.start()) + m.group(1) + String.join(", ", names) + m.group(3) + l.substring(m.end()));
        return String.join("\n", t);
    }

    private static final Pattern CODE = Pattern.compile("(code:\\s*)(\\d+)");

    private String setCode(Change.SetType st, int code) {
        int at = st.loc().line() - 1;
        String l = lines.get(at);
        Matcher m = CODE.matcher(l);
        if (!m.find() || Integer.parseInt(m.group(2)) != st.code()) return null;
        List<String> t = new ArrayList<>(lines);
        t.set(at, l.substring(0, m.start()) + m.group(1) + code + l.substring(m.end()));
        return String.join("\n", t);
    }

    /**
     * Takes {@code ids} out of step {@code s}'s {@code requires} (flow or block), in {@code t}; lines that go
     * are marked {@link #GONE}, for {@link #compact}.
     */
    private static void dropRequires(List<String> t, Step s, Set<String> ids) {
        if (ids.isEmpty()) return;
        List<Step.Ref> keep = new ArrayList<>();
        List<Step.Ref> gone = new ArrayList<>();
        for (Step.Ref r : s.requires()) (ids.contains(r.id()) ? gone : keep).add(r);
        if (gone.isEmpty()) return;
        Map<Integer, List<Step.Ref>> byLine = new TreeMap<>();
        for (Step.Ref r : s.requires()) byLine.computeIfAbsent(r.loc().line() - 1, k -> new ArrayList<>()).add(r);
        for (var e : byLine.entrySet()) {
            int at = e.getKey();
            String l = t.get(at);
            if (l.contains("requires:") && l.contains("[")) {
                List<String> names = e.getValue().stream().map(Step.Ref::id).filter(x -> !ids.contains(x)).toList();
                if (names.isEmpty()) t.set(at, GONE); // the whole line goes
                else t.set(at, l.replaceFirst("\\[[^\\]]*\\]", "[" + String.join(", ", names) + "]"));
            } else if (e.getValue().stream().allMatch(r -> ids.contains(r.id()))) {
                t.set(at, GONE);
            }
        }
        if (keep.isEmpty()) {
            // block form: the "requires:" key line itself
            for (int i = s.loc().line() - 1; i < t.size(); i++) {
                if (t.get(i).trim().equals("requires:")) {
                    t.set(i, GONE);
                    break;
                }
                if (i > s.loc().line() - 1 && t.get(i).trim().startsWith("- id:")) break;
            }
        }
    }

    /** Deleted lines are marked (so that line numbers stay those of the original until the edit is done) and removed here. */
    private static String compact(List<String> t) {
        List<String> out = new ArrayList<>(t.size());
        for (String l : t) if (!l.equals(GONE)) out.add(l);
        return String.join("\n", out);
    }

    private static final String GONE = "\u0000";
}
