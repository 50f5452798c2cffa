package memdesc.build;

import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.Claims;
import memdesc.steps.Loc;
import memdesc.steps.State;
import memdesc.steps.StructDef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout facts of the kernel releases this project states in its own words (resources
 * {@code release/RELEASE.facts}: sizes, alignments, member offsets and sizes on x86_64 with a named
 * config), and the check of a baseline that claims one of them ({@code baseline: kernel: v6.12}): the
 * baseline's structs, laid out under that config, must give exactly those numbers. A baseline whose text
 * swaps two members, puts them in one union or resizes one fails at the baseline, at the member's line,
 * with the member's offset and the release's.
 */
public final class ReleaseFacts {
    private ReleaseFacts() {}

    /** The releases whose facts the project carries. */
    public static final List<String> CARRIED = List.of("v6.12");

    /** One member: offset and size in bytes; bit offset and width for a bitfield (-1 otherwise). */
    public record Fact(String path, long offset, long size, int bitOffset, int bitWidth) {
        String where() {
            return bitWidth < 0 ? offset + " (" + size + " bytes)" : offset + " bits " + bitOffset + ":" + bitWidth;
        }
    }

    public record StructFacts(String name, long size, int align, List<Fact> members) {
        public StructFacts {
            members = List.copyOf(members);
        }

        /** The facts in the resource's line format ("SIZE ALIGN", then "PATH OFFSET SIZE [BIT:WIDTH]"). */
        public String table() {
            StringBuilder b = new StringBuilder().append(size).append(' ').append(align).append('\n');
            for (Fact f : members) {
                b.append(f.path()).append(' ').append(f.offset()).append(' ').append(f.size());
                if (f.bitWidth() >= 0) b.append(' ').append(f.bitOffset()).append(':').append(f.bitWidth());
                b.append('\n');
            }
            return b.toString();
        }
    }

    /** A release's facts: the ABI and config they hold for, and the structs in file order. */
    public record Facts(String release, Abi abi, Map<String, String> config, Map<String, StructFacts> structs) {
        public Facts {
            config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
            structs = Collections.unmodifiableMap(new LinkedHashMap<>(structs));
        }
    }

    private static final Map<String, Facts> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The facts of {@code release}, if the project carries them. */
    public static Optional<Facts> of(String release) {
        if (!CARRIED.contains(release)) return Optional.empty();
        return Optional.of(LOADED.computeIfAbsent(release, ReleaseFacts::load));
    }

    private static Facts load(String release) {
        String name = "release/" + release + ".facts";
        String text;
        try (InputStream in = ReleaseFacts.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
        return parse(name, text);
    }

    private static final Pattern STRUCT = Pattern.compile("struct (\\w+) (\\d+) (\\d+)");
    private static final Pattern MEMBER = Pattern.compile("([\\w.]+) (\\d+) (\\d+)(?: (\\d+):(\\d+))?");

    static Facts parse(String name, String text) {
        String release = null;
        Abi abi = Abi.LP64;
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, StructFacts> structs = new LinkedHashMap<>();
        String cur = null;
        long size = 0;
        int align = 0;
        List<Fact> members = new ArrayList<>();
        int ln = 0;
        for (String raw : (text + "\nend").split("\n")) {
            ln++;
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            Matcher s = STRUCT.matcher(l), m = MEMBER.matcher(l);
            if (l.equals("end") || s.matches()) {
                if (cur != null) structs.put(cur, new StructFacts(cur, size, align, members));
                if (l.equals("end")) break;
                cur = s.group(1);
                size = Long.parseLong(s.group(2));
                align = Integer.parseInt(s.group(3));
                members = new ArrayList<>();
            } else if (l.startsWith("release ")) {
                release = l.substring(8).strip();
            } else if (l.startsWith("abi ")) {
                abi = l.substring(4).strip().equals("ilp32") ? Abi.ILP32 : Abi.LP64;
            } else if (l.startsWith("config ") && l.indexOf('=') > 7) {
                config.put(l.substring(7, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
            } else if (cur != null && m.matches()) {
                members.add(new Fact(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4) == null ? -1 : Integer.parseInt(m.group(4)), m.group(5) == null ? -1 : Integer.parseInt(m.group(5))));
            } else {
                throw new IllegalStateException(name + ":" + ln + ": not a fact: " + l);
            }
        }
        if (release == null) throw new IllegalStateException(name + ": no 'release' line");
        return new Facts(release, abi, config, structs);
    }

    /** A struct page embedded in another struct (folio's page, __page_1, ...): the page's own facts. */
    private static final Pattern EMBEDDED_PAGE = Pattern.compile("(page|__page_\\d+)\\..*");

    /** A laid-out struct as facts, in the same shape (embedded struct pages left out, as the resource does). */
    public static StructFacts of(StructLayout l) {
        List<Fact> members = new ArrayList<>();
        for (MemberRef r : l.leaves()) {
            if (EMBEDDED_PAGE.matcher(r.path()).matches()) continue;
            members.add(new Fact(r.path(), r.offset(), r.size(), r.bitfield() ? r.bitOffset() : -1, r.bitfield() ? r.bitWidth() : -1));
        }
        return new StructFacts(l.name(), l.size(), l.align(), members);
    }

    /**
     * The baseline against its claimed release: every struct the release's facts cover, laid out from the
     * baseline's text under the facts' config, has their size, alignment and members. {@code lp} is the
     * state's own LP64 layout, reused when the state's config is the facts'. A release the project has no
     * facts for is itself a failure (nothing would check the claim).
     */
    static void check(State state, Map<String, StructLayout> lp, List<Diagnostic> out) {
        Claims.Release claim = state.claims().release();
        if (claim == null || !state.isBaseline()) return;
        String by = " (the baseline claims kernel " + claim.name() + " at " + claim.loc().line() + ":" + claim.loc().column() + ")";
        Optional<Facts> of = of(claim.name());
        if (of.isEmpty()) {
            out.add(new Diagnostic(claim.loc(), "no facts of kernel " + claim.name() + " are carried (only " + String.join(", ", CARRIED)
                + "): check the baseline against a tree with --kernel PATH@" + claim.name()));
            return;
        }
        Facts f = of.get();
        Map<String, StructLayout> laid = f.config().equals(state.config()) && f.abi() == Abi.LP64 ? lp : layout(state, f, out);
        if (laid == null) return;                          // the text does not parse: that error is already there
        int before = out.size();
        for (StructFacts want : f.structs().values()) {
            StructDef d = state.struct(want.name());
            if (d == null) {
                out.add(new Diagnostic(claim.loc(), "the baseline defines no struct " + want.name() + ", which kernel " + f.release()
                    + " has (" + want.size() + " bytes)" + by));
                continue;
            }
            StructLayout l = laid.get(want.name());
            if (l == null) continue;
            compare(d, want, of(l), f.release(), by, out);
        }
        int n = out.size() - before;
        if (n > MAX) {
            List<Diagnostic> mine = new ArrayList<>(out.subList(before, before + MAX));
            Diagnostic last = out.get(out.size() - 1);
            out.subList(before, out.size()).clear();
            out.addAll(mine);
            out.add(new Diagnostic(last.loc(), (n - MAX) + " more differences from kernel " + f.release() + "'s facts" + by));
        }
    }

    /**
     * The baseline's differences from its claimed release's facts, each located (empty without a claim);
     * for {@code validate}, which lists them before any state is checked.
     */
    public static List<Diagnostic> check(State baseline) {
        List<Diagnostic> out = new ArrayList<>();
        if (baseline.claims().release() == null || !baseline.isBaseline()) return out;
        Map<String, StructLayout> lp = BuildCheck.layout(baseline, Abi.LP64, out);
        if (lp == null) return out;
        check(baseline, lp, out);
        return out;
    }

    /** Differences shown per baseline before the rest are counted (a resized word moves every member after it). */
    private static final int MAX = 8;

    private static Map<String, StructLayout> layout(State state, Facts f, List<Diagnostic> out) {
        CHeader h = CHeader.prelude(f.abi());
        Map<String, StructLayout> laid = new LinkedHashMap<>();
        for (StructDef d : state.structs().values()) {
            try {
                h = CHeader.parseShared(d.name(), d.c(), f.abi(), f.config(), h);
            } catch (memdesc.steps.InputException e) {
                out.add(BuildCheck.mapCError(d, e.getMessage()));
                return null;
            }
            h.struct(d.name()).ifPresent(l -> laid.put(d.name(), l));
        }
        return laid;
    }

    private static void compare(StructDef d, StructFacts want, StructFacts got, String release, String by, List<Diagnostic> out) {
        String s = "struct " + want.name();
        if (got.size() != want.size() || got.align() != want.align())
            out.add(new Diagnostic(d.loc(), s + " is " + got.size() + " bytes, aligned to " + got.align() + ", but kernel " + release
                + "'s is " + want.size() + " bytes, aligned to " + want.align() + by));
        Map<String, Fact> have = new LinkedHashMap<>();
        for (Fact x : got.members()) have.putIfAbsent(x.path(), x);
        Map<String, Fact> need = new LinkedHashMap<>();
        for (Fact x : want.members()) need.putIfAbsent(x.path(), x);
        for (Fact w : want.members()) {
            Fact g = have.get(w.path());
            if (g == null) {
                out.add(new Diagnostic(d.loc(), s + " has no member " + w.path() + ", which kernel " + release + " has at offset "
                    + w.where() + by));
            } else if (!g.equals(w)) {
                out.add(new Diagnostic(memberLoc(d, w.path()), s + " member " + w.path() + " is at offset " + g.where() + ", but kernel "
                    + release + " has it at offset " + w.where() + by));
            }
        }
        for (Fact g : got.members())
            if (!need.containsKey(g.path()))
                out.add(new Diagnostic(memberLoc(d, g.path()), s + " member " + g.path() + " (at offset " + g.where() + ") is not in kernel "
                    + release + "'s " + s + by));
    }

    /**
     * Where a member is declared in the struct's text: the first component of its path (the struct's own
     * member, through anonymous unions and structs) as a word followed by ';', ':', '[', ',' or ')',
     * comments skipped; the struct's own position when the text does not declare it.
     */
    static Loc memberLoc(StructDef d, String path) {
        String c = blankComments(d.c());
        String first = path.split("\\.")[0];
        Matcher m = Pattern.compile("\\b" + Pattern.quote(first) + "\\b\\s*[;:\\[,)]").matcher(c);
        int at = m.find() ? m.start() : -1;
        if (at < 0) return d.loc();
        int line = 1, col = 1;
        for (int i = 0; i < at; i++) {
            if (c.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return d.locate(line, col);
    }

    /** The text with every comment replaced by spaces (newlines kept), so positions stay put. */
    private static String blankComments(String c) {
        StringBuilder b = new StringBuilder(c);
        for (int i = 0; i + 1 < b.length(); i++) {
            if (b.charAt(i) == '/' && b.charAt(i + 1) == '*') {
                int end = b.indexOf("*/", i + 2);
                end = end < 0 ? b.length() : end + 2;
                for (int k = i; k < end; k++) if (b.charAt(k) != '\n') b.setCharAt(k, ' ');
                i = end - 1;
            } else if (b.charAt(i) == '/' && b.charAt(i + 1) == '/') {
                int end = b.indexOf("\n", i);
                end = end < 0 ? b.length() : end;
                for (int k = i; k < end; k++) b.setCharAt(k, ' ');
                i = end - 1;
            }
        }
        return b.toString();
    }
}
