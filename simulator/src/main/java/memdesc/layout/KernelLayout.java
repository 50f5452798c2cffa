package memdesc.layout;

import memdesc.steps.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structs laid out straight from a kernel source tree, as an x86 build of it would lay them out,
 * without a compiler or a configured build: finds the header that defines each struct, reads it as
 * the start of a translation unit (the build's forced includes first, #include followed inside the
 * tree, CONFIG_* from a .config), picks out the declarations the struct needs (by value: struct and
 * union tags, typedefs, enumerators), and lays them out with the engine. What the tree cannot tell
 * (values the build generates, types behind headers that are absent) comes from our own facts and is
 * named in {@link Result#facts()}; what cannot be resolved is a located warning.
 */
public final class KernelLayout {
    private KernelLayout() { }

    /** Where kernel headers usually define the structs the Path is about; anything else is searched for. */
    private static final Map<String, String> HINTS = Map.of(
        "page", "include/linux/mm_types.h", "folio", "include/linux/mm_types.h", "ptdesc", "include/linux/mm_types.h",
        "slab", "mm/slab.h", "zpdesc", "mm/zpdesc.h", "netmem_desc", "include/net/netmem.h",
        "buffer_head", "include/linux/buffer_head.h", "address_space", "include/linux/fs.h");

    /** Directories searched (recursively, headers only) for a struct without a hint. */
    private static final List<String> SEARCH = List.of("include/linux", "include/net", "mm", "include/asm-generic", "arch/x86/include/asm");

    /** The build's forced includes (-include), in the order the kernel Makefile gives them. */
    private static final List<String> FORCED = List.of("linux/compiler-version.h", "linux/kconfig.h", "linux/compiler_types.h");

    /** One struct read from the tree: where it is defined, its layout, and the header that resolves its types. */
    public record Entry(String name, String file, StructLayout layout, CHeader header, String source) { }

    /** The structs asked for, the facts used and the warnings (each one line, located where there is a place). */
    public record Result(List<Entry> structs, List<String> facts, List<String> warnings, List<String> missingIncludes) { }

    /**
     * Lays out {@code names} (tags or typedef names) from {@code tree}. {@code config}: a kernel .config's
     * text, or null for the documented default ({@link #defaultConfig()}).
     */
    public static Result layout(SourceTree tree, List<String> names, Abi abi, String config) {
        Map<String, String> cfg = config(config == null ? defaultConfig() : config, abi);
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        for (String n : names) {
            String f = find(tree, n);
            if (f == null) throw new InputException(tree.name() + ": error: no definition of struct '" + n + "' found in the tree"
                + " (searched " + String.join(", ", SEARCH) + ")");
            fileOf.put(n, f);
            byFile.computeIfAbsent(f, k -> new ArrayList<>()).add(n);
        }
        List<String> facts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> missing = new java.util.TreeSet<>();
        Map<String, Entry> done = new HashMap<>();
        if (cfg.containsKey("CONFIG_RANDSTRUCT") || cfg.containsKey("CONFIG_RANDSTRUCT_FULL") || cfg.containsKey("CONFIG_GCC_PLUGIN_RANDSTRUCT")) {
            warnings.add(tree.name() + ": warning: the configuration randomizes __randomize_layout structs: "
                + "their order is chosen by the compiler plugin at build time; shown in declaration order");
        }
        // one translation unit that includes every defining header, as a .c file of mm would
        Unit u = new Unit(tree, abi, cfg, facts, warnings, missing);
        for (Entry en : u.layout(byFile)) done.put(en.name(), en);
        List<Entry> out = new ArrayList<>();
        for (String n : names) out.add(done.get(n));
        return new Result(out, List.copyOf(new LinkedHashSet<>(facts)), List.copyOf(new LinkedHashSet<>(warnings)), List.copyOf(missing));
    }

    /** The default configuration's text (resource tree/default.config). */
    public static String defaultConfig() {
        return resource("tree/default.config");
    }

    private static String resource(String name) {
        try (InputStream in = KernelLayout.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /**
     * A .config as the macros the build's autoconf.h defines: =y is 1, =m defines NAME_MODULE, numbers and
     * strings are their value. ilp32 turns the 64-bit symbols off and X86_32 on.
     */
    static Map<String, String> config(String text, Abi abi) {
        Map<String, String> m = new TreeMap<>();
        int ln = 0;
        for (String line : text.split("\n", -1)) {
            ln++;
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            if (eq <= 0 || !l.startsWith("CONFIG_")) throw new InputException("<config>:" + ln + ":1: error: expected CONFIG_NAME=value");
            String k = l.substring(0, eq);
            String v = l.substring(eq + 1);
            if (v.equals("y")) m.put(k, "1");
            else if (v.equals("m")) m.put(k + "_MODULE", "1");
            else if (v.equals("n")) continue;
            else m.put(k, v);
        }
        if (abi == Abi.ILP32) {
            m.remove("CONFIG_64BIT");
            m.remove("CONFIG_X86_64");
            m.put("CONFIG_X86_32", "1");
            m.put("CONFIG_PGTABLE_LEVELS", "2");
        }
        return m;
    }

    /** The file that defines {@code struct name {} (or typedefs it), or null. */
    public static String locate(SourceTree tree, String name) {
        return find(tree, name);
    }

    static String find(SourceTree tree, String name) {
        Pattern p = definition(name);
        String hint = HINTS.get(name);
        if (hint != null) {
            String t = tree.read(hint);
            if (t != null && p.matcher(t).find()) return hint;
        }
        for (String dir : SEARCH) {
            String f = search(tree, dir, p, name, 0);
            if (f != null) return f;
        }
        return null;
    }

    private static Pattern definition(String name) {
        String q = Pattern.quote(name);
        return Pattern.compile("(?m)^\\s*(?:typedef\\s+)?(?:struct|union)\\s+" + q + "\\s*(?:__attribute__\\s*\\(\\(.*\\)\\)\\s*)?\\{"
            + "|^}\\s*" + q + "\\s*;");
    }

    private static String search(SourceTree tree, String dir, Pattern p, String name, int depth) {
        for (String f : tree.list(dir)) {
            if (!f.endsWith(".h")) continue;
            String t = tree.read(f);
            if (t != null && t.contains(name) && p.matcher(t).find()) return f;
        }
        return null;
    }

    /** One translation unit: the forced includes, then the defining header. */
    private static final class Unit implements Preprocessor.Includer {
        private final SourceTree tree;
        private final Abi abi;
        private final Map<String, String> cfg;
        private final List<String> facts;
        private final List<String> warnings;
        private final Set<String> missing;
        private final List<Token[]> notes = new ArrayList<>();
        private final List<String> noteText = new ArrayList<>();
        private Macros macros;
        /** Tags a struct holds by value that the translation unit does not define. */
        private final Set<String> unresolved = new LinkedHashSet<>();
        /** Files defining something a struct needs only after it in the unit (the .c file would include them first). */
        private final Set<String> late = new LinkedHashSet<>();

        Unit(SourceTree tree, Abi abi, Map<String, String> cfg, List<String> facts, List<String> warnings, Set<String> missing) {
            this.tree = tree;
            this.abi = abi;
            this.cfg = cfg;
            this.facts = facts;
            this.warnings = warnings;
            this.missing = missing;
        }

        private void reset() {
            macros = new Macros(CHeader.bare(abi).macros());
            Map<String, String> d = new LinkedHashMap<>(cfg);
            d.put("__KERNEL__", "1");
            Preprocessor.run("<command-line>", "", macros, d);
            notes.clear();
            noteText.clear();
            unresolved.clear();
            late.clear();
        }

        private static final List<String> ANGLED = List.of("arch/x86/include", "arch/x86/include/generated", "include",
            "arch/x86/include/uapi", "arch/x86/include/generated/uapi", "include/uapi", "include/generated/uapi");

        @Override public String[] resolve(String from, String name, boolean angled, Token at) {
            if (!angled) {
                int slash = from.lastIndexOf('/');
                String rel = normalize((slash < 0 ? "" : from.substring(0, slash + 1)) + name);
                String t = rel == null ? null : tree.read(rel);
                if (t != null) return new String[] {rel, t};
            }
            for (String dir : ANGLED) {
                String path = dir + "/" + name;
                if (path.equals(from)) continue; // #include_next of itself
                String t = tree.read(path);
                if (t != null) return new String[] {path, t};
            }
            if (name.equals("generated/bounds.h")) {
                facts.add("generated/bounds.h (NR_PAGEFLAGS, MAX_NR_ZONES, SPINLOCK_SIZE, ...: values the build computes)");
                return new String[] {"<facts>/generated/bounds.h", resource("tree/facts.h")};
            }
            if (name.equals("generated/autoconf.h")) return new String[] {"<config>", ""}; // CONFIG_* are defined up front
            if (name.startsWith("asm/")) { // Kbuild's generic-y wrappers: arch/x86/include/generated/asm/X.h includes asm-generic/X.h
                for (String dir : ANGLED) {
                    String g = dir + "/asm-generic/" + name.substring(4);
                    String t = tree.read(g);
                    if (t != null) return new String[] {g, t};
                }
            }
            missing.add(name);
            return null;
        }

        private static String normalize(String p) {
            List<String> parts = new ArrayList<>();
            for (String s : p.split("/")) {
                if (s.isEmpty() || s.equals(".")) continue;
                if (s.equals("..")) {
                    if (parts.isEmpty()) return null;
                    parts.remove(parts.size() - 1);
                } else {
                    parts.add(s);
                }
            }
            return String.join("/", parts);
        }

        @Override public void note(Token at, String message) {
            notes.add(new Token[] {at});
            noteText.add(message);
        }

        List<Entry> layout(Map<String, List<String>> byFile) {
            // a header of mm/ may rely on what the .c file including it included first: a struct it holds by
            // value that the unit lacks is looked for in the tree and its header included before (a few rounds)
            List<String> before = new ArrayList<>();
            Set<String> tried = new HashSet<>();
            List<Token> raw;
            Index ix;
            while (true) {
                reset();
                StringBuilder root = new StringBuilder();
                for (String f : FORCED) root.append("#include <").append(f).append(">\n");
                for (String f : before) root.append("#include \"").append(f).append("\"\n");
                for (String file : byFile.keySet()) root.append("#include \"").append(file).append("\"\n");
                raw = Preprocessor.runTree("<command-line>", root.toString(), macros, this);
                ix = Index.of(raw, macros);
                for (Map.Entry<String, List<String>> e : byFile.entrySet()) {
                    for (String n : e.getValue()) {
                        Index.Decl t = target(n, e.getKey(), ix);
                        if (t != null) need(t, raw, ix, new LinkedHashSet<>());
                    }
                }
                boolean more = false;
                for (String f : late) {
                    if (before.size() < 8 && tried.add("file:" + f) && !before.contains(f)) {
                        before.add(f);
                        more = true;
                    }
                }
                for (String tag : unresolved) {
                    if (!tried.add(tag) || before.size() >= 8) continue;
                    String f = find(tree, tag);
                    if (f != null && !before.contains(f) && !byFile.containsKey(f)) {
                        before.add(f);
                        more = true;
                    }
                }
                if (System.getenv("MEMDESC_TREE_DEBUG") != null) System.err.println("unresolved " + unresolved + " before " + before);
                if (!more) break;
            }
            if (System.getenv("MEMDESC_TREE_DEBUG") != null) {
                System.err.println("tokens " + raw.size() + " missing " + missing);
                for (int k = 0; k < notes.size(); k++) System.err.println(notes.get(k)[0].file() + ":" + notes.get(k)[0].line() + ": " + noteText.get(k));
            }
            List<Entry> out = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : byFile.entrySet()) for (String n : e.getValue()) out.add(one(n, e.getKey(), raw, ix));
            return out;
        }

        private static Index.Decl target(String name, String file, Index ix) {
            Index.Decl target = ix.tags.get(name);
            if (target == null || !target.file.equals(file)) {
                Index.Decl td = ix.typedefs.get(name);
                if (td != null) target = td;
            }
            return target;
        }

        /** What {@code target} needs by value, transitively, in translation-unit order; facts for what the unit lacks. */
        private TreeMap<Integer, Index.Decl> need(Index.Decl target, List<Token> raw, Index ix, Set<String> factNames) {
            TreeMap<Integer, Index.Decl> need = new TreeMap<>();
            List<Index.Decl> work = new ArrayList<>(List.of(target));
            Set<Index.Decl> seen = new HashSet<>(work);
            while (!work.isEmpty()) {
                Index.Decl d = work.remove(work.size() - 1);
                need.put(d.start, d);
                List<Token> ex = Preprocessor.expandTokens(raw.subList(d.start, d.end), macros);
                for (int k = 0; k < ex.size(); k++) {
                    Token t = ex.get(k);
                    if (t.kind() != Token.Kind.IDENT) continue;
                    Index.Decl dep = null;
                    String s = t.text();
                    if ((s.equals("struct") || s.equals("union") || s.equals("enum")) && k + 1 < ex.size()
                            && ex.get(k + 1).kind() == Token.Kind.IDENT) {
                        String tag = ex.get(k + 1).text();
                        k++;
                        boolean byValue = k + 1 >= ex.size() || !ex.get(k + 1).is("*");
                        if (!byValue || tag.equals(d.name)) continue;
                        dep = ix.tags.get(tag);
                        if (dep == null && TreeFacts.has(s + " " + tag)) factNames.add(s + " " + tag);
                        else if (dep == null && !s.equals("enum") && k + 1 < ex.size() && ex.get(k + 1).kind() == Token.Kind.IDENT) unresolved.add(tag);
                    } else {
                        dep = ix.typedefs.get(s);
                        if (dep == null) dep = ix.enumerators.get(s);
                        if (dep == null && TreeFacts.has(s)) factNames.add(s);
                    }
                    if (dep != null && dep.start > d.start && !dep.file.equals(d.file)) late.add(dep.file);
                    if (dep != null && seen.add(dep)) work.add(dep);
                }
            }
            return need;
        }

        private Entry one(String name, String file, List<Token> raw, Index ix) {
            Index.Decl target = target(name, file, ix);
            if (target == null) {
                throw new InputException(file + ": error: struct '" + name + "' is defined in the file, but not in any region "
                    + "the configuration keeps (check --config)");
            }
            Set<String> factNames = new LinkedHashSet<>();
            TreeMap<Integer, Index.Decl> need = need(target, raw, ix, factNames);
            CHeader h = CHeader.bare(abi);
            StringBuilder src = new StringBuilder();
            if (!factNames.isEmpty()) {
                src.append(TreeFacts.text(factNames));
                h = CHeader.parse("<facts>", TreeFacts.text(factNames), abi, Map.of(), h);
                for (String f : factNames) facts.add(f + " (" + TreeFacts.why(f) + ")");
            }
            List<String> failed = new ArrayList<>();
            for (Index.Decl d : need.values()) {
                List<Token> ex = Preprocessor.expandTokens(raw.subList(d.start, d.end), macros);
                try {
                    h = CHeader.fromTokens(d.file, ex, abi, h, macros);
                    src.append("/* ").append(d.file).append(" */\n").append(text(ex)).append('\n');
                } catch (InputException e) {
                    if (d == target) {
                        String why = failed.isEmpty() ? "" : " (after: " + String.join("; ", failed) + ")";
                        throw new InputException(e.getMessage() + why);
                    }
                    failed.add(e.getMessage());
                }
            }
            StructLayout l = h.struct(name).orElseThrow(() -> new InputException(file + ": error: no struct or union named '" + name + "'"));
            // notes located inside what the struct is made of are what the reading could not resolve for it
            for (int k = 0; k < notes.size(); k++) {
                Token at = notes.get(k)[0];
                for (Index.Decl d : need.values()) {
                    Token a = raw.get(d.start);
                    Token b = raw.get(d.end - 1);
                    if (at.file().equals(a.file()) && at.line() >= a.line() && at.line() <= b.line()) {
                        warnings.add(at.file() + ":" + at.line() + ":" + at.col() + ": warning: " + noteText.get(k));
                        break;
                    }
                }
            }
            if (cfg.containsKey("CONFIG_NUMA_BALANCING") && name.equals("page")) {
                warnings.add(file + ": warning: with CONFIG_NUMA_BALANCING, whether struct page holds _last_cpupid depends on "
                    + "NR_PAGEFLAGS, which the build computes; the fact " + "NR_PAGEFLAGS=23 is used");
            }
            return new Entry(name, file, l, h, src.toString());
        }
    }

    /** Expanded tokens as C text a compiler reads back (one declaration per line). */
    private static String text(List<Token> toks) {
        StringBuilder b = new StringBuilder();
        for (Token t : toks) {
            if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') b.append(' ');
            b.append(t.text());
            if (t.is(";") || t.is("{")) b.append('\n');
        }
        return b.toString();
    }

    /** Top-level declarations of a translation unit's raw tokens, by the names they define. */
    static final class Index {
        record Decl(int start, int end, String name, String file) { }

        final Map<String, Decl> tags = new HashMap<>();
        final Map<String, Decl> typedefs = new HashMap<>();
        final Map<String, Decl> enumerators = new HashMap<>();

        private static final Set<String> NOT_NAMES = Set.of("typedef", "struct", "union", "enum", "const", "volatile", "unsigned",
            "signed", "int", "long", "short", "char", "void", "_Bool", "float", "double", "__attribute__", "__attribute", "__extension__");

        static Index of(List<Token> raw, Macros macros) {
            Index ix = new Index();
            int n = raw.size();
            int i = 0;
            while (i < n) {
                Token t = raw.get(i);
                if (t.is("typedef")) {
                    int e = semicolon(raw, i);
                    String name = typedefName(raw, i + 1, e, macros);
                    Decl d = new Decl(i, Math.min(e + 1, n), name, t.file());
                    if (name != null) ix.typedefs.put(name, d);
                    recordInside(raw, i + 1, e, d, ix);
                    i = e + 1;
                    continue;
                }
                if (t.is("struct") || t.is("union") || t.is("enum")) {
                    int j = skipAttrs(raw, i + 1);
                    String tag = null;
                    if (j < n && raw.get(j).kind() == Token.Kind.IDENT) {
                        tag = raw.get(j).text();
                        j = skipAttrs(raw, j + 1);
                    }
                    if (j < n && raw.get(j).is("{")) {
                        int e = semicolon(raw, i);
                        Decl d = new Decl(i, Math.min(e + 1, n), tag, t.file());
                        if (tag != null) ix.tags.putIfAbsent(tag, d);
                        if (t.is("enum")) enumerators(raw, j, d, ix);
                        i = e + 1;
                        continue;
                    }
                    i = j;
                    continue;
                }
                if (t.is("(") || t.is("[") || t.is("{")) {
                    i = close(raw, i) + 1;
                    continue;
                }
                i++;
            }
            return ix;
        }

        /** A struct/union/enum defined inside a typedef is found by its tag too. */
        private static void recordInside(List<Token> raw, int from, int to, Decl d, Index ix) {
            for (int k = from; k < to; k++) {
                Token t = raw.get(k);
                if (t.is("{")) {
                    if (k > from && raw.get(k - 1).kind() == Token.Kind.IDENT && k - 2 >= from
                            && (raw.get(k - 2).is("struct") || raw.get(k - 2).is("union") || raw.get(k - 2).is("enum"))) {
                        ix.tags.putIfAbsent(raw.get(k - 1).text(), d);
                    }
                    boolean en = (k > from && raw.get(k - 1).is("enum")) || (k - 2 >= from && raw.get(k - 2).is("enum"));
                    if (en) enumerators(raw, k, d, ix);
                    return;
                }
            }
        }

        private static void enumerators(List<Token> raw, int open, Decl d, Index ix) {
            int e = close(raw, open);
            int depth = 0;
            for (int k = open + 1; k < e; k++) {
                Token t = raw.get(k);
                if (t.is("(") || t.is("[") || t.is("{")) depth++;
                else if (t.is(")") || t.is("]") || t.is("}")) depth--;
                else if (depth == 0 && t.kind() == Token.Kind.IDENT && (raw.get(k - 1).is("{") || raw.get(k - 1).is(","))) {
                    ix.enumerators.putIfAbsent(t.text(), d);
                }
            }
        }

        private static int skipAttrs(List<Token> raw, int j) {
            while (j < raw.size() && (raw.get(j).is("__attribute__") || raw.get(j).is("__attribute")) && j + 1 < raw.size()
                    && raw.get(j + 1).is("(")) {
                j = close(raw, j + 1) + 1;
            }
            return j;
        }

        /** The index of the ';' that ends the declaration starting at {@code i} (groups skipped), or the last token. */
        private static int semicolon(List<Token> raw, int i) {
            int k = i;
            while (k < raw.size()) {
                Token t = raw.get(k);
                if (t.is(";")) return k;
                if (t.is("(") || t.is("[") || t.is("{")) {
                    k = close(raw, k) + 1;
                    continue;
                }
                k++;
            }
            return raw.size() - 1;
        }

        private static int close(List<Token> raw, int open) {
            int depth = 0;
            for (int k = open; k < raw.size(); k++) {
                Token t = raw.get(k);
                if (t.is("(") || t.is("[") || t.is("{")) depth++;
                else if ((t.is(")") || t.is("]") || t.is("}")) && --depth == 0) return k;
            }
            return raw.size() - 1;
        }

        /** The name a typedef declares: its last plain identifier outside groups, else the one in "(*name)". */
        private static String typedefName(List<Token> raw, int from, int to, Macros macros) {
            String name = null;
            for (int k = from; k < to; k++) {
                Token t = raw.get(k);
                if (t.is("(") || t.is("[") || t.is("{")) {
                    if (t.is("(") && name == null) { // "(*name)(...)" or "(name)(...)"
                        int q = k + 1;
                        while (q < to && raw.get(q).is("*")) q++;
                        if (q + 1 < to && raw.get(q).kind() == Token.Kind.IDENT && raw.get(q + 1).is(")")) name = raw.get(q).text();
                    }
                    k = close(raw, k);
                    continue;
                }
                if (t.kind() != Token.Kind.IDENT || NOT_NAMES.contains(t.text())) continue;
                if (k + 1 < to && raw.get(k + 1).is("(")) continue; // a macro or attribute with arguments
                if (macros.get(t.text()) != null) continue;        // __bitwise, __aligned_largest, ...
                name = t.text();
            }
            return name;
        }
    }

    /** Our own statements of types whose kernel definitions lie behind headers a tree reading may lack. */
    static final class TreeFacts {
        private static final Map<String, String[]> FACTS = new LinkedHashMap<>();

        static {
            fact("atomic_t", "typedef struct { int counter; } atomic_t;", "int counter, 4 bytes");
            fact("atomic_long_t", "typedef struct { long counter; } atomic_long_t;", "one long");
            fact("atomic64_t", "typedef struct { long long counter; } atomic64_t;", "one s64");
            fact("refcount_t", "typedef struct refcount_struct { atomic_t refs; } refcount_t;", "one atomic_t");
            fact("spinlock_t", "typedef struct spinlock { unsigned int rlock; } spinlock_t;", "4 bytes without lock debugging");
            fact("raw_spinlock_t", "typedef struct raw_spinlock { unsigned int raw_lock; } raw_spinlock_t;", "4 bytes without lock debugging");
            fact("struct list_head", "struct list_head { struct list_head *next, *prev; };", "two pointers");
            fact("struct hlist_node", "struct hlist_node { struct hlist_node *next, **pprev; };", "two pointers");
            fact("struct callback_head", "struct callback_head { struct callback_head *next; void (*func)(struct callback_head *head); };", "two pointers");
            fact("struct rcu_head", "struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); };", "two pointers");
        }

        private static void fact(String name, String c, String why) {
            FACTS.put(name, new String[] {c, why});
        }

        static boolean has(String name) {
            return FACTS.containsKey(name);
        }

        static String why(String name) {
            return "fact: " + FACTS.get(name)[1];
        }

        static String text(Set<String> names) {
            StringBuilder b = new StringBuilder();
            // refcount_t is made of atomic_t
            if (names.contains("refcount_t") && !names.contains("atomic_t")) b.append(FACTS.get("atomic_t")[0]).append('\n');
            for (String n : FACTS.keySet()) if (names.contains(n)) b.append(FACTS.get(n)[0]).append('\n');
            return b.toString();
        }
    }

    /** Matches a struct's definition start in a text (tests and the finder). */
    static boolean defines(String text, String name) {
        Matcher m = definition(name).matcher(text);
        return m.find();
    }
}
