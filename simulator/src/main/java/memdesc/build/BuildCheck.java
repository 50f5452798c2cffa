package memdesc.build;

import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.Change;
import memdesc.steps.Descriptor;
import memdesc.steps.Expect;
import memdesc.steps.InputException;
import memdesc.steps.Loc;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.StructDef;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * "Does this state build?" answered as a compiler would: every struct parses and lays out (on LP64 and,
 * for the type table, ILP32), every {@code expect:} of the step holds, every access of every enabled user
 * resolves, and the memdesc type table is encodable. Each failure is one gcc-style line pointing at the
 * roadmap line of the change that caused it.
 */
public final class BuildCheck {
    /** page->memdesc keeps its type in the low four bits ("bits 0-3 of memdesc are a type field"). */
    public static final int TAG_BITS = 4;

    private BuildCheck() {}

    /** The laid-out structs of a state, by the name the roadmap gives them, for each ABI that parsed. */
    public record Layouts(Map<Abi, Map<String, StructLayout>> byAbi) {
        public Map<String, StructLayout> lp64() {
            return byAbi.getOrDefault(Abi.LP64, Map.of());
        }

        public Optional<StructLayout> struct(String name) {
            return Optional.ofNullable(lp64().get(name));
        }

        public long sizeOf(String name) {
            StructLayout l = lp64().get(name);
            return l == null ? 0 : l.size();
        }
    }

    public record Result(Layouts layouts, List<Diagnostic> diagnostics) {
        public boolean ok() {
            return diagnostics.isEmpty();
        }
    }

    /** Checks a state of {@code roadmap} (the expects are those of the step that produced it). */
    public static Result check(Roadmap roadmap, State state) {
        Step step = null;
        if (!state.isBaseline()) {
            for (Step s : roadmap.steps()) {
                if (s.id().equals(state.stepId())) {
                    step = s;
                    break;
                }
            }
        }
        return check(state, step);
    }

    public static Result check(State state, Step step) {
        List<Diagnostic> out = new ArrayList<>();
        List<Loc> mine = step == null ? List.of() : locsOf(step);
        for (State.Problem p : state.problems()) out.add(new Diagnostic(p.loc(), p.message()));

        Map<Abi, Map<String, StructLayout>> byAbi = new EnumMap<>(Abi.class);
        for (Abi abi : Abi.values()) {
            // i386 only matters to the type table (its weaker alignment decides which codes alias buddy)
            if (abi != Abi.LP64 && state.memdescTypes().isEmpty()) continue;
            Map<String, StructLayout> laid = layout(state, abi, abi == Abi.LP64 ? out : null);
            if (laid != null) byAbi.put(abi, laid);
        }
        Layouts layouts = new Layouts(byAbi);
        if (!out.isEmpty() && layouts.lp64().isEmpty()) return new Result(layouts, List.copyOf(out));
        Map<String, StructLayout> lp = layouts.lp64();

        checkHidden(state, lp, out);
        if (step != null) checkExpect(step.expect(), lp, out);
        checkAccesses(state, lp, mine, out);
        checkDescriptors(state, lp, mine, out);
        checkTypes(state, byAbi, step, out);
        Claims.check(state, lp, mine, out);
        return new Result(layouts, List.copyOf(out));
    }

    /**
     * A struct text parsed on top of the headers before it. Consecutive states share most of their
     * structs, so each (earlier header, text, config, ABI) is parsed once; headers are immutable, and the
     * earlier header is compared by identity, which the memo itself makes canonical.
     */
    private record ParseKey(CHeader prev, String name, String text, Map<String, String> config, Abi abi) {
        @Override public boolean equals(Object o) {
            return o instanceof ParseKey k && k.prev == prev && k.abi == abi && k.name.equals(name) && k.text.equals(text)
                    && k.config.equals(config);
        }

        @Override public int hashCode() {
            return (System.identityHashCode(prev) * 31 + text.hashCode()) * 31 + config.hashCode() + abi.ordinal();
        }
    }

    private static final Map<ParseKey, CHeader> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_MAX = 4096;

    /** Forgets memoized parses (benchmarks measure parsing itself with it). */
    public static void forgetParses() {
        PARSED.clear();
        CHeader.forgetShared();
        synchronized (RESOLVES) {
            RESOLVES.clear();
        }
    }

    /**
     * Whether {@code path} names a member of {@code l}, remembered per layout: states share their layouts
     * (the parses are memoized), and users make the same accesses in every state.
     */
    private static boolean resolves(StructLayout l, String path) {
        Map<String, Boolean> known;
        synchronized (RESOLVES) {
            known = RESOLVES.get(l);
            if (known == null) {
                if (RESOLVES.size() >= PARSED_MAX) RESOLVES.clear();
                known = new java.util.HashMap<>();
                RESOLVES.put(l, known);
            }
        }
        synchronized (known) {
            Boolean r = known.get(path);
            if (r == null) {
                r = l.find(path).isPresent();
                known.put(path, r);
            }
            return r;
        }
    }

    private static final Map<StructLayout, Map<String, Boolean>> RESOLVES = new java.util.IdentityHashMap<>();

    private static CHeader parse(CHeader prev, StructDef d, Map<String, String> config, Abi abi) {
        ParseKey k = new ParseKey(prev, d.name(), d.c(), config, abi);
        CHeader h = PARSED.get(k);
        if (h != null) return h;
        h = CHeader.parseShared(d.name(), d.c(), abi, config, prev);
        if (PARSED.size() >= PARSED_MAX) PARSED.clear();
        CHeader raced = PARSED.putIfAbsent(k, h);
        return raced != null ? raced : h;
    }

    /**
     * The state's structs laid out for LP64, memoized like the build check's own parses; the first
     * failure (a gcc-style line located in the roadmap) as an {@link InputException}.
     */
    public static Map<String, StructLayout> layoutLp64(State state) {
        List<Diagnostic> out = new ArrayList<>(1);
        Map<String, StructLayout> laid = layout(state, Abi.LP64, out);
        if (laid == null) throw new InputException(out.get(0).toString());
        return laid;
    }

    /** Parses the state's structs in order; null (with a diagnostic when {@code out} is given) if one fails. */
    static Map<String, StructLayout> layout(State state, Abi abi, List<Diagnostic> out) {
        CHeader h = CHeader.prelude(abi);
        Map<String, StructLayout> laid = new LinkedHashMap<>();
        for (StructDef d : state.structs().values()) {
            try {
                h = parse(h, d, state.config(), abi);
            } catch (InputException e) {
                if (out != null) out.add(mapCError(d, e.getMessage()));
                return null;
            }
            Optional<StructLayout> l = h.struct(d.name());
            if (l.isEmpty()) {
                if (out != null) out.add(new Diagnostic(d.loc(), "the C text of '" + d.name() + "' does not define struct " + d.name()));
                return null;
            }
            laid.put(d.name(), l.get());
        }
        return Collections.unmodifiableMap(laid);
    }

    /** A C error at (line, col) of a struct's text, moved to where that text stands in the roadmap. */
    static Diagnostic mapCError(StructDef d, String message) {
        // "FILE:LINE:COL: error: TEXT" on one line, FILE as short as it can be (no regex: it is the cold path)
        int[] at = cErrorAt(message);
        if (at == null) return new Diagnostic(d.loc(), message);
        int line = Integer.parseInt(message.substring(at[0], at[1]));
        int col = charColumn(d.c(), line, Integer.parseInt(message.substring(at[2], at[3])));
        Loc where = new Loc(d.loc().file(), d.loc().line() + line - 1, d.loc().column() + col - 1);
        return new Diagnostic(where, message.substring(at[3] + ERROR.length()) + " (in struct " + d.name() + ")");
    }

    private static final String ERROR = ": error: ";

    /**
     * Where LINE and COL of "FILE:LINE:COL: error: TEXT" lie in {@code m} ({start, end, start, end}), for the
     * first ':' that starts ":LINE:COL: error: "; null when there is none or {@code m} spans lines.
     */
    static int[] cErrorAt(String m) {
        for (int i = 0; i < m.length(); i++) {
            char ch = m.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') return null;
        }
        for (int i = m.indexOf(':'); i >= 0; i = m.indexOf(':', i + 1)) {
            int l0 = i + 1, l1 = digits(m, l0);
            if (l1 == l0 || l1 >= m.length() || m.charAt(l1) != ':') continue;
            int c0 = l1 + 1, c1 = digits(m, c0);
            if (c1 == c0 || !m.startsWith(ERROR, c1)) continue;
            return new int[] {l0, l1, c0, c1};
        }
        return null;
    }

    private static int digits(String s, int from) {
        int k = from;
        while (k < s.length() && s.charAt(k) >= '0' && s.charAt(k) <= '9') k++;
        return k;
    }

    /**
     * The layout engine reports columns as gcc does (a tab advances to the next multiple of eight);
     * the roadmap counts characters, as YAML does. Converts one to the other on that line of the C text.
     */
    static int charColumn(String c, int line, int displayColumn) {
        String[] lines = c.split("\n", -1);
        if (line < 1 || line > lines.length) return displayColumn;
        String l = lines[line - 1];
        int display = 1;
        for (int i = 0; i < l.length(); i++) {
            if (display >= displayColumn) return i + 1;
            display = l.charAt(i) == '\t' ? ((display - 1) / 8 + 1) * 8 + 1 : display + 1;
        }
        return l.length() + 1;
    }

    private static void checkHidden(State state, Map<String, StructLayout> lp, List<Diagnostic> out) {
        for (StructDef d : state.structs().values()) {
            StructLayout l = lp.get(d.name());
            for (Map.Entry<String, Loc> h : d.hidden().entrySet()) {
                String member = h.getKey();
                if (l != null && l.find(member).isEmpty())
                    out.add(new Diagnostic(h.getValue(), "cannot remove '" + member + "': 'struct " + d.name() + "' has no member named '" + member + "'"));
            }
        }
    }

    private static void checkExpect(Expect e, Map<String, StructLayout> lp, List<Diagnostic> out) {
        for (Expect.Size s : e.sizes()) {
            StructLayout l = lp.get(s.struct());
            if (l == null) out.add(new Diagnostic(s.loc(), "expected sizeof(struct " + s.struct() + ") == " + s.bytes() + ", but struct " + s.struct() + " is not defined here"));
            else if (l.size() != s.bytes())
                out.add(new Diagnostic(s.loc(), "expected sizeof(struct " + s.struct() + ") == " + s.bytes() + ", but it is " + l.size()));
        }
        for (Expect.Match m : e.matches()) {
            Optional<MemberRef> a = resolve(lp, m.a());
            Optional<MemberRef> b = resolve(lp, m.b());
            if (a.isEmpty() || b.isEmpty()) {
                Member missing = a.isEmpty() ? m.a() : m.b();
                out.add(new Diagnostic(m.loc(), "match: " + noMember(lp, missing)));
                continue;
            }
            long abit = a.get().offset() * 8 + Math.max(0, a.get().bitOffset());
            long bbit = b.get().offset() * 8 + Math.max(0, b.get().bitOffset());
            if (abit != bbit)
                out.add(new Diagnostic(m.loc(), "match: " + m.a().arrow() + " is at offset " + where(a.get()) + " but "
                        + m.b().arrow() + " is at offset " + where(b.get())));
        }
    }

    private static String where(MemberRef r) {
        return r.bitfield() ? r.offset() + ":" + r.bitOffset() : Long.toString(r.offset());
    }

    private static Optional<MemberRef> resolve(Map<String, StructLayout> lp, Member m) {
        StructLayout l = lp.get(m.struct());
        return l == null ? Optional.empty() : l.find(m.path());
    }

    private static String noMember(Map<String, StructLayout> lp, Member m) {
        if (!lp.containsKey(m.struct())) return "struct " + m.struct() + " is not defined here";
        return "'struct " + m.struct() + "' has no member named '" + m.path() + "'";
    }

    private static void checkAccesses(State state, Map<String, StructLayout> lp, List<Loc> mine, List<Diagnostic> out) {
        for (User u : state.users().values()) {
            if (!state.enabled(u.id())) continue;
            for (User.Access a : u.accesses()) {
                Member m = a.member();
                StructDef d = state.struct(m.struct());
                StructLayout l = lp.get(m.struct());
                String why = null;
                Loc at = a.loc();
                if (d == null || l == null) {
                    why = "struct " + m.struct() + " is not defined here";
                } else if (d.hidden().containsKey(m.top())) {
                    Loc hide = d.hidden().get(m.top());
                    why = "'struct " + m.struct() + "' has no member named '" + m.path() + "' (removed at " + hide.line() + ":" + hide.column() + ")";
                    if (has(mine, hide)) at = hide;
                } else if (!resolves(l, m.path())) {
                    why = "'struct " + m.struct() + "' has no member named '" + m.path() + "'";
                    if (has(mine, d.loc())) at = nameAt(d, l);
                }
                if (why != null) out.add(new Diagnostic(at, why + " (used by " + u.file() + ")"));
            }
        }
    }

    /** Where the struct's name stands in its C text (a text may open with a comment), else the text's start. */
    private static Loc nameAt(StructDef d, StructLayout l) {
        return l != null && l.line() > 0 && l.column() > 0 ? d.locate(l.line(), l.column()) : d.loc();
    }

    /**
     * Whether {@code struct} overlays the memmap in {@code state} (a descriptor using it lives there, or it
     * is no descriptor's): while it does, the roadmap's offset asserts for it hold in every state.
     */
    public static boolean overlaysMemmap(State state, String struct) {
        return Claims.overlaid(state, struct);
    }

    /** How many struct pages a descriptor overlaid on the memmap may use: a folio its first four, others one. */
    public static int overlayPages(String kind) {
        return kind.equals("folio") ? 4 : 1;
    }

    /**
     * Every descriptor is defined, and one overlaid on the memmap fits in the struct pages it overlays, as
     * the kernel asserts ({@code static_assert(sizeof(struct slab) <= sizeof(struct page))}; a folio may use
     * the struct pages of its first four pages, as an order-2 folio has).
     */
    private static void checkDescriptors(State state, Map<String, StructLayout> lp, List<Loc> mine, List<Diagnostic> out) {
        StructLayout page = lp.get("page");
        for (Descriptor d : state.descriptors().values()) {
            StructLayout l = lp.get(d.struct());
            if (l == null) {
                out.add(new Diagnostic(d.loc(), "descriptor '" + d.kind() + "' is struct " + d.struct() + ", which is not defined here"));
                continue;
            }
            if (d.placement() != Descriptor.Placement.MEMMAP || page == null || d.struct().equals("page")) continue;
            int pages = overlayPages(d.kind());
            if (l.size() <= pages * page.size()) continue;
            StructDef pd = state.struct("page");
            Loc at = pd != null && has(mine, pd.loc()) ? nameAt(pd, page) : d.loc();
            out.add(new Diagnostic(at, "struct " + d.struct() + " (" + l.size() + " bytes) is overlaid on the memmap but "
                    + (pages == 1 ? "struct page is " + page.size() + " bytes"
                                  : pages + " struct pages are " + pages * page.size() + " bytes")
                    + ": allocate the " + d.kind() + " separately first"));
        }
    }

    /**
     * The type table is encodable when every code fits the tag bits and every code that a free page's
     * list pointer overlaying memdesc can produce means buddy. The producible codes follow from the
     * layout: the pointers whose bytes overlay page->memdesc, and the alignment of what they point to on
     * the weakest ABI (struct list_head is 4-byte aligned on i386: codes 0, 4, 8 and 12).
     */
    private static void checkTypes(State state, Map<Abi, Map<String, StructLayout>> byAbi, Step step, List<Diagnostic> out) {
        if (state.memdescTypes().isEmpty()) return;
        Loc where = state.memdescTypes().values().iterator().next().loc();
        for (State.MemdescType t : state.memdescTypes().values())
            if (t.code() < 0 || t.code() >= (1 << TAG_BITS))
                out.add(new Diagnostic(t.loc(), "memdesc type " + t.code() + " does not fit in " + TAG_BITS + " tag bits"));
        Map<Integer, List<String>> producible = producibleCodes(byAbi);
        if (producible == null) {
            out.add(new Diagnostic(where, "memdesc types are defined but 'struct page' has no member named 'memdesc' (or seed 001's 'allocatee')"));
            return;
        }
        for (Map.Entry<Integer, List<String>> e : producible.entrySet()) {
            Integer code = e.getKey();
            State.MemdescType t = state.memdescTypes().get(code);
            if (t == null || !t.name().equals("buddy"))
                out.add(new Diagnostic(t == null ? where : t.loc(), "memdesc type " + code + " is "
                        + (t == null ? "unset" : "'" + t.name() + "'") + ", but a free page's " + String.join(", ", e.getValue())
                        + " overlaying memdesc can hold it: it must alias buddy"));
        }
    }

    /** code -> the pointers (with the ABI that allows it) that can produce it; null if page has no memdesc. */
    static Map<Integer, List<String>> producibleCodes(Map<Abi, Map<String, StructLayout>> byAbi) {
        Map<Integer, List<String>> codes = new java.util.TreeMap<>();
        boolean any = false;
        for (Map.Entry<Abi, Map<String, StructLayout>> e : byAbi.entrySet()) {
            StructLayout page = e.getValue().get("page");
            if (page == null) continue;
            Optional<MemberRef> md = page.find("memdesc");
            if (md.isEmpty()) md = page.find("allocatee");      // seed 001's two-word page: its type-tagged word
            if (md.isEmpty()) continue;
            any = true;
            long lo = md.get().offset(), hi = lo + md.get().size();
            for (MemberRef r : page.leaves()) {
                if (r.path().equals(md.get().path()) || !r.type().endsWith("*")) continue;
                if (r.offset() != lo || r.offset() + r.size() > hi) continue; // must hold the tag bits
                int align = pointeeAlign(e.getKey(), e.getValue(), r.type());
                for (int c = 0; c < (1 << TAG_BITS); c += Math.min(align, 1 << TAG_BITS)) {
                    String why = r.path() + " (" + e.getKey().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.type().replace(" *", "").trim() + " is " + align + "-byte aligned)";
                    List<String> l = codes.get(c);
                    if (l == null) codes.put(c, l = new ArrayList<>());
                    if (!l.contains(why)) l.add(why);
                }
            }
        }
        return any ? codes : null;
    }

    private static int pointeeAlign(Abi abi, Map<String, StructLayout> laid, String pointerType) {
        String t = pointerType.substring(0, pointerType.length() - 1).trim();
        if (t.endsWith("*")) return abi.wordSize();
        String name = withoutTagKeyword(t).trim();
        StructLayout l = laid.get(name);
        if (l == null) l = CHeader.prelude(abi).struct(name).orElse(null);
        return l == null ? 1 : l.align();
    }

    /** "struct x" / "const union x" without the keywords (what {@code ^(const\s+)?(struct|union)\s+} strips). */
    static String withoutTagKeyword(String t) {
        int k = afterWord(t, 0, "const");
        if (k > 0) {
            int j = afterTagKeyword(t, k);
            if (j > 0) return t.substring(j);
        }
        int j = afterTagKeyword(t, 0);
        return j > 0 ? t.substring(j) : t;
    }

    private static int afterTagKeyword(String t, int at) {
        int k = afterWord(t, at, "struct");
        return k > 0 ? k : afterWord(t, at, "union");
    }

    /** The index after {@code word} at {@code at} and the (at least one) whitespace after it; -1 if not there. */
    private static int afterWord(String t, int at, String word) {
        if (!t.startsWith(word, at)) return -1;
        int k = at + word.length();
        while (k < t.length() && isRegexSpace(t.charAt(k))) k++;
        return k > at + word.length() ? k : -1;
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The roadmap positions of a step's own changes (a failure there is this step's fault). */
    static List<Loc> locsOf(Step step) {
        List<Loc> s = new ArrayList<>();
        for (Change c : step.changes()) {
            s.add(c.loc());
            if (c instanceof Change.Define d) s.add(d.cLoc());
        }
        return s;
    }

    /** {@code locs.contains(l)} without a record's equals (its first call bootstraps method handles). */
    static boolean has(List<Loc> locs, Loc l) {
        for (Loc x : locs) {
            if (x == l || (x != null && l != null && x.line() == l.line() && x.column() == l.column() && java.util.Objects.equals(x.file(), l.file())))
                return true;
        }
        return false;
    }

    /** Members named anywhere in the state's structs (for the loader's "unknown member" check). */
    public static Set<String> memberPaths(StructLayout l) {
        Set<String> out = new TreeSet<>();
        for (MemberRef r : l.leaves()) {
            String p = r.path();
            out.add(p);
            int dot;
            while ((dot = p.lastIndexOf('.')) > 0) {
                p = p.substring(0, dot);
                out.add(p);
            }
        }
        return out;
    }
}
