package memdesc.layout;

import memdesc.steps.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed C header with every struct and union laid out as gcc lays it out for an x86 ABI.
 * The package's entry point: {@link #parse} reads kernel-style C (comments, #define/#if,
 * attributes, bitfields, anonymous unions) and errors are gcc-style {@code file:line:col: error: ...}.
 * Unless given another, a header sees the built-in kernel prelude ({@link #preludeSource()}).
 */
public final class CHeader {
    private static final Map<Abi, CHeader> PRELUDES = new EnumMap<>(Abi.class);

    private final String fileName;
    private final Abi abi;
    private final Scope scope;
    private final Macros macros;
    /** For {@link #parseShared}: what the parse looked up in the headers before (null: not shared). */
    private Scope.Deps deps;

    private CHeader(String fileName, Abi abi, Scope scope, Macros macros) {
        this.fileName = fileName;
        this.abi = abi;
        this.scope = scope;
        this.macros = macros;
    }

    /** Parses one header on top of the built-in prelude. */
    public static CHeader parse(String fileName, String text, Abi abi, Map<String, String> defines) {
        return parse(fileName, text, abi, defines, prelude(abi));
    }

    /**
     * Parses a header that sees the types and macros of {@code prelude} (an earlier header, or
     * {@link #prelude(Abi)}); null means the built-in prelude. Names it defines again shadow the prelude's.
     */
    public static CHeader parse(String fileName, String text, Abi abi, Map<String, String> defines, CHeader prelude) {
        CHeader pre = prelude == null ? prelude(abi) : prelude;
        if (pre.abi != abi) throw new IllegalArgumentException("prelude is " + pre.abi + ", header is " + abi);
        return parseOn(fileName, text, abi, defines, pre.scope, pre.macros);
    }

    /** Parses several headers in order, each seeing the ones before; returns the last. */
    public static CHeader parseAll(List<Map.Entry<String, String>> sources, Abi abi, Map<String, String> defines) {
        CHeader h = prelude(abi);
        for (Map.Entry<String, String> s : sources) h = parse(s.getKey(), s.getValue(), abi, defines, h);
        return h;
    }

    private static CHeader parseOn(String fileName, String text, Abi abi, Map<String, String> defines, Scope parentScope,
                                   Macros parentMacros) {
        return parseInto(fileName, text, abi, defines, new Scope(parentScope), new Macros(parentMacros));
    }

    private static CHeader parseInto(String fileName, String text, Abi abi, Map<String, String> defines, Scope scope, Macros macros) {
        List<Token> toks = Preprocessor.run(fileName, text, macros, defines, scope.deps != null);
        Token start = new Token(Token.Kind.PUNCT, "", fileName, 1, 1, true, false, java.util.Set.of());
        try {
            new Parser(toks, scope, abi, start).parseUnit();
        } catch (StackOverflowError e) {
            throw InputException.at(fileName, 1, 1, "declarations nested too deeply");
        }
        return new CHeader(fileName, abi, scope, macros);
    }

    /**
     * Like {@link #parse(String, String, Abi, Map, CHeader)}, but an identical text (same name, defines and
     * ABI) parsed before is reused, without parsing it again, when every name it looked up in the headers
     * before it (macros, typedefs, tags, enumerators) resolves to the very same definition on top of
     * {@code prelude}: the parse is a function of its text and of those answers. States of a roadmap
     * share most of their struct texts, and most texts depend only on the built-in prelude.
     */
    public static CHeader parseShared(String fileName, String text, Abi abi, Map<String, String> defines, CHeader prelude) {
        CHeader pre = prelude == null ? prelude(abi) : prelude;
        if (pre.abi != abi) throw new IllegalArgumentException("prelude is " + pre.abi + ", header is " + abi);
        TextKey key = new TextKey(fileName, text, defines, abi);
        CHeader[] seen;
        synchronized (SHARED) {
            seen = SHARED.get(key);
        }
        if (seen != null) {
            for (CHeader h : seen) {
                if (h.scope.parent == pre.scope || h.deps.holdOn(pre.scope, pre.macros)) {
                    return new CHeader(fileName, abi, h.scope.rebased(pre.scope), h.macros.rebased(pre.macros));
                }
            }
        }
        Scope scope = new Scope(pre.scope);
        Macros macros = new Macros(pre.macros);
        Scope.Deps deps = new Scope.Deps();
        scope.deps = deps;
        macros.deps = deps;
        CHeader h;
        try {
            h = parseInto(fileName, text, abi, defines, scope, macros);
        } finally {
            scope.deps = null;
            macros.deps = null;
        }
        h.deps = deps;
        synchronized (SHARED) {
            if (SHARED.size() >= SHARED_MAX) SHARED.clear();
            CHeader[] now = SHARED.get(key);
            CHeader[] more;
            if (now == null) {
                more = new CHeader[1];
            } else if (now.length < SHARED_PER_TEXT) {
                more = java.util.Arrays.copyOf(now, now.length + 1);
            } else { // the oldest context goes
                more = java.util.Arrays.copyOfRange(now, 1, now.length + 1);
            }
            more[more.length - 1] = h;
            SHARED.put(key, more);
        }
        return h;
    }

    /** A header with no types, only the macros gcc predefines for {@code abi} (kernel-tree reading starts here). */
    static CHeader bare(Abi abi) {
        return new CHeader("<built-in>", abi, new Scope(null), compilerMacros(abi));
    }

    /** Parses already expanded tokens on top of {@code prelude}; {@code macros} are kept for later lookups. */
    static CHeader fromTokens(String fileName, List<Token> toks, Abi abi, CHeader prelude, Macros macros) {
        Scope scope = new Scope(prelude.scope);
        Token start = new Token(Token.Kind.PUNCT, "", fileName, 1, 1, true, false, java.util.Set.of());
        try {
            new Parser(toks, scope, abi, start).parseUnit();
        } catch (StackOverflowError e) {
            throw InputException.at(fileName, 1, 1, "declarations nested too deeply");
        }
        return new CHeader(fileName, abi, scope, macros);
    }

    Macros macros() {
        return macros;
    }

    /** Forgets the texts {@link #parseShared} can reuse (benchmarks measure parsing itself with it). */
    public static void forgetShared() {
        synchronized (SHARED) {
            SHARED.clear();
        }
        Lexer.forgetShared();
    }

    private static final Map<TextKey, CHeader[]> SHARED = new java.util.HashMap<>();
    private static final int SHARED_MAX = 1024;
    /** Contexts kept per text: each is tried in turn, so a text seen on top of many different headers stays cheap. */
    private static final int SHARED_PER_TEXT = 16;

    /** A header text as {@link #parseShared} looks it up (a plain class: a record's equals costs a bootstrap on first use). */
    private static final class TextKey {
        final String fileName;
        final String text;
        final Map<String, String> defines;
        final Abi abi;
        final int hash;

        TextKey(String fileName, String text, Map<String, String> defines, Abi abi) {
            this.fileName = fileName;
            this.text = text;
            this.defines = defines == null ? Map.of() : defines;
            this.abi = abi;
            this.hash = (text.hashCode() * 31 + fileName.hashCode()) * 31 + this.defines.hashCode() + abi.ordinal();
        }

        @Override public boolean equals(Object o) {
            return o instanceof TextKey k && k.hash == hash && k.abi == abi && k.text.equals(text) && k.fileName.equals(fileName)
                    && k.defines.equals(defines);
        }

        @Override public int hashCode() {
            return hash;
        }
    }

    /** The built-in prelude for {@code abi}: list_head, rcu_head, atomic_t, u8..u64, spinlock_t, ... */
    public static synchronized CHeader prelude(Abi abi) {
        CHeader h = PRELUDES.get(abi);
        if (h == null) {
            h = parseOn("<prelude>", preludeSource(), abi, Map.of(), null, compilerMacros(abi));
            PRELUDES.put(abi, h);
        }
        return h;
    }

    /** The C text of the built-in prelude (valid C for gcc, too). */
    public static String preludeSource() {
        try (InputStream in = CHeader.class.getResourceAsStream("prelude.h")) {
            if (in == null) throw new IllegalStateException("prelude.h missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read prelude.h", e);
        }
    }

    /**
     * C text bundled with the engine: "proposed.h", the memdesc Path's proposed folio and 32/16/8-byte
     * pages restated from the seeds (one page per -DPAGE32, -DPAGE32_OLD, -DPAGE16, -DPAGE8). The
     * v6.12 baseline structs are not bundled here: they are the roadmap's own statement of the facts.
     */
    public static String bundledSource(String name) {
        if (!BUNDLED.contains(name)) throw new InputException("no bundled header named '" + name + "' (have " + BUNDLED + ")");
        try (InputStream in = CHeader.class.getResourceAsStream("seeds/" + name)) {
            if (in == null) throw new IllegalStateException("seeds/" + name + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /** Names accepted by {@link #bundledSource}. */
    public static final List<String> BUNDLED = List.of("proposed.h");

    /** The macros gcc predefines that headers test. */
    private static Macros compilerMacros(Abi abi) {
        Macros m = new Macros(null);
        StringBuilder b = new StringBuilder();
        b.append("#define __GNUC__ 12\n#define __STDC__ 1\n#define __STDC_VERSION__ 201710L\n#define __CHAR_BIT__ 8\n");
        b.append("#define __ORDER_LITTLE_ENDIAN__ 1234\n#define __ORDER_BIG_ENDIAN__ 4321\n#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__\n");
        b.append("#define __BIGGEST_ALIGNMENT__ 16\n#define __SIZEOF_INT__ 4\n#define __SIZEOF_LONG_LONG__ 8\n");
        if (abi == Abi.LP64) {
            b.append("#define __x86_64__ 1\n#define __x86_64 1\n#define __LP64__ 1\n#define _LP64 1\n");
            b.append("#define __SIZEOF_LONG__ 8\n#define __SIZEOF_POINTER__ 8\n#define __SIZEOF_INT128__ 16\n");
        } else {
            b.append("#define __i386__ 1\n#define __i386 1\n#define i386 1\n");
            b.append("#define __SIZEOF_LONG__ 4\n#define __SIZEOF_POINTER__ 4\n");
        }
        Preprocessor.run("<built-in>", b.toString(), m, Map.of());
        return m;
    }

    Scope scope() {
        return scope;
    }

    public String fileName() {
        return fileName;
    }

    public Abi abi() {
        return abi;
    }

    /** Named struct/union definitions and typedef'd tagless structs of this header, in source order. */
    public List<StructLayout> structs() {
        return List.copyOf(scope.order);
    }

    /**
     * A struct by tag or typedef name ("page", "atomic_t"; "struct page" and "union x" work too),
     * from this header or the headers it sees.
     */
    public Optional<StructLayout> struct(String name) {
        String n = name.trim();
        if (n.startsWith("struct ")) n = n.substring(7).trim();
        else if (n.startsWith("union ")) n = n.substring(6).trim();
        StructLayout l = scope.struct(n);
        if (l == null) {
            CType t = scope.typedef(n);
            if (t != null && Types.strip(t) instanceof CType.Rec r) l = r.def().layout;
        }
        return Optional.ofNullable(l);
    }

    /** A struct by name, or an InputException naming the header. */
    public StructLayout require(String name) {
        return struct(name).orElseThrow(() -> new InputException(fileName + ": error: no struct or union named '" + name + "'"));
    }
}
