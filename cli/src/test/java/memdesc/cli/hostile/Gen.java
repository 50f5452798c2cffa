package memdesc.cli.hostile;

import java.util.SplittableRandom;

/**
 * Seeded generators of hostile inputs: C text, roadmap mutations, kpageflags dumps, mix files and
 * command-line values. Our own, not a property-testing library: the families need grammar-aware
 * generation (a struct nested 300 deep, a macro chain, a splice inside a token), which is a few lines
 * each here, and a failing case is reproduced from its family and seed alone.
 */
final class Gen {
    final SplittableRandom r;

    Gen(long seed) {
        this.r = new SplittableRandom(seed);
    }

    int below(int n) {
        return r.nextInt(n);
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    <T> T pick(T[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    /** Numbers at gcc's edges: 0, 1, powers of two and their neighbours, 2^31, 2^32, 2^61, 2^63-1, negatives. */
    String number() {
        if (chance(60)) return pick(new String[] {"1", "2", "4", "8", "16", "3", "32", "64", "0"});
        return pick(new String[] {"0", "1", "2", "3", "7", "8", "16", "64", "4096", "0x7fffffff", "2147483647",
            "2147483648", "4294967296", "(1UL<<32)", "(1L<<40)", "(1L<<61)", "(1UL<<62)", "(1UL<<63)",
            "0x7fffffffffffffff", "0xffffffffffffffff", "-1", "-8", "(1<<28)", "(1<<29)", "18446744073709551616",
            "sizeof(long)", "sizeof(struct list_head)", "(2 * sizeof(unsigned long))", "1/0", "'a'", "077", "0b101",
            // constant expressions as gcc types them (issue 18: where the engine was stricter or computed otherwise)
            "sizeof(\"abc\")", "sizeof(\"a\" \"bc\")", "(sizeof(L\"ab\") / 3)", "(int)2.7", "(unsigned char)257", "(short)65537",
            "(10u - 11u > 0 ? 1 : 2)", "(-1 < 0u ? 8 : 16)", "'\\377'", "('\\101' - 64)", "'ab'", "L'a'", "__builtin_constant_p(1)",
            "(1, 2)", "(2147483647 + 1)", "(2147483647u + 1)", "1.5", "sizeof(1.0)", "sizeof(0x100000000)", "(-1ul >> 63)",
            "99999999999999999999"});
    }

    static final String[] TYPES = {"char", "unsigned char", "short", "int", "unsigned int", "long", "unsigned long",
        "long long", "_Bool", "void *", "struct list_head", "u8", "u16", "u32", "u64", "atomic_t", "double",
        "long double", "__int128", "unsigned long *", "struct rcu_head", "undefined_t", "struct nowhere", "void",
        "enum e", "int (*)(int)"};

    String ident() {
        return pick(new String[] {"a", "b", "flags", "lru", "_", "x1", "mapping", "index", "private", "__x", "long", "int",
            "struct", "é", "A0", "F"});
    }

    /** One member declaration, hostile often: huge arrays, odd widths and alignments, many stars. */
    String member(int depth) {
        if (depth < 300 && chance(depth > 2 ? 8 : 20)) return record(depth + 1, true) + ";";
        String t = chance(60) ? pick(new String[] {"int", "long", "unsigned long", "char", "struct list_head", "void *", "u32"}) : pick(TYPES);
        StringBuilder b = new StringBuilder(t).append(' ');
        if (chance(5)) b.append("*".repeat(1 + below(chance(10) ? 12000 : 40)));
        b.append(chance(90) ? "m" : ident()).append(below(1000));
        int dims = chance(30) ? 1 + below(3) : 0;
        for (int k = 0; k < dims; k++) b.append('[').append(chance(10) ? "" : number()).append(']');
        if (chance(10)) b.append(" : ").append(pick(new String[] {"0", "1", "2", "7", "8", "9", "31", "32", "33", "63", "64", "65", "-1", "128"}));
        if (chance(8)) b.append(" __attribute__((aligned(").append(number()).append(")))");
        if (chance(5)) b.append(" __attribute__((packed))");
        if (chance(3)) b.insert(0, "_Alignas(" + number() + ") ");
        return b.append(';').toString();
    }

    String record(int depth, boolean anonymous) {
        StringBuilder b = new StringBuilder(chance(30) ? "union" : "struct");
        if (!anonymous) b.append(' ').append("s").append(below(50));
        b.append(" {\n");
        int n = depth > 4 ? 1 : 1 + below(6);
        for (int k = 0; k < n; k++) b.append("  ".repeat(Math.min(depth, 8))).append(member(depth)).append('\n');
        b.append("}");
        if (chance(10)) b.append(" __attribute__((aligned(").append(number()).append(")))");
        if (chance(5)) b.append(" __attribute__((packed))");
        return b.toString();
    }

    /** A well-formed struct of hostile sizes, widths and alignments only: what gcc is asked to judge too. */
    String wellFormed() {
        StringBuilder b = new StringBuilder(chance(20) ? "union" : "struct").append(" w {\n");
        int n = 1 + below(4);
        for (int k = 0; k < n; k++) {
            String t = pick(new String[] {"char", "unsigned char", "short", "int", "unsigned int", "long", "unsigned long",
                "long long", "_Bool", "void *", "struct list_head", "u8", "u32", "u64"});
            b.append("  ").append(t).append(" m").append(k);
            boolean bitfield = chance(25) && !t.equals("void *") && !t.equals("struct list_head");
            if (!bitfield && chance(40)) b.append('[').append(number()).append(']');
            if (!bitfield && chance(10)) b.append('[').append(number()).append(']');
            if (bitfield) b.append(" : ").append(pick(new String[] {"1", "2", "7", "8", "9", "16", "31", "32", "33", "63", "64", "65"}));
            if (chance(20)) b.append(" __attribute__((aligned(").append(number()).append(")))");
            b.append(";\n");
        }
        b.append('}');
        if (chance(15)) b.append(" __attribute__((aligned(").append(number()).append(")))");
        b.append(";\n");
        // a line splice may fall anywhere (gcc removes them before it splits tokens): the meaning is unchanged
        if (chance(15)) {
            int at = b.indexOf("{") + 1;
            for (int k = 0, times = 1 + below(4); k < times; k++) b.insert(at + below(b.length() - at - 1), chance(80) ? "\\\n" : "\\  \n");
        }
        return b.toString();
    }

    /** A macro bomb, a deep argument nest, a conditional pile or a self-reference. */
    String macros() {
        return switch (below(6)) {
            case 0 -> {
                int n = 5 + (chance(10) ? below(60) : below(14)); // past 20 levels the expansion budget stops it
                StringBuilder b = new StringBuilder("#define M0 x\n");
                for (int i = 1; i <= n; i++) b.append("#define M").append(i).append(" M").append(i - 1).append(" M").append(i - 1).append('\n');
                yield b.append("struct bomb { int M").append(n).append("; };\n").toString();
            }
            case 1 -> {
                int n = 10 + below(2000);
                yield "#define F(x) x\nstruct nest { int " + "F(".repeat(n) + "y" + ")".repeat(n) + "; };\n";
            }
            case 2 -> {
                int n = 1 + below(400);
                yield "#if 1\n".repeat(n) + "struct c { int x; };\n" + "#endif\n".repeat(below(2) == 0 ? n : Math.max(0, n - 1));
            }
            case 3 -> "#define A B\n#define B A\nstruct s { int A; };\n";
            case 4 -> "#define G(x, ...) x ## __VA_ARGS__\nstruct g { int G(a, b); int G(,); };\n#if " + number() + " / " + number() + "\n#endif\n";
            default -> "#define E(x) #x\nstruct e { char c[sizeof(E(" + "(".repeat(below(300)) + "))]; };\n";
        };
    }

    /** A whole header: structs, macros, typedefs, then byte-level damage now and then. */
    String header() {
        StringBuilder b = new StringBuilder();
        if (chance(20)) b.append(macros());
        int n = below(4);
        for (int k = 0; k < n; k++) {
            if (chance(15)) b.append("typedef ").append(pick(TYPES)).append(" t").append(k).append('[').append(number()).append("];\n");
            b.append(record(0, false)).append(";\n");
        }
        if (chance(5)) b.append("enum e { E0 = ").append(number()).append(", E1 };\n");
        if (chance(5)) b.append("_Static_assert(").append(number()).append(", \"x\");\n");
        if (chance(3)) b.append("int ").append("(".repeat(below(400))).append("p").append(")".repeat(below(400))).append(";\n");
        if (chance(3)) b.append("char c[").append("(".repeat(below(400))).append("1").append(")".repeat(below(400))).append("];\n");
        if (chance(3)) b.append("char d[").append("-".repeat(below(2000))).append("1];\n");
        return damage(b.toString());
    }

    /** Byte-level mutation: truncation, a deleted or inserted character, a line splice inside a token. */
    String damage(String s) {
        if (s.isEmpty() || !chance(25)) return s;
        StringBuilder b = new StringBuilder(s);
        int times = 1 + below(3);
        for (int k = 0; k < times && b.length() > 0; k++) {
            int at = below(b.length());
            switch (below(6)) {
                case 0 -> b.setLength(at);
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, pick(new String[] {"{", "}", "(", ")", "[", "]", ";", ",", "*", "#", "\\", "\"", "'", "/*", "//", "\n", "\t", "\u0000", "@", "`", "\u00e9", "\ufeff", "##", "..."}));
                case 3 -> b.insert(at, "\\\n");
                case 4 -> {
                    int end = Math.min(b.length(), at + below(40));
                    b.insert(at, b.substring(at, end));
                }
                default -> b.insert(at, "\r\n");
            }
        }
        return b.toString();
    }

    /** Raw bytes of a header: mostly its UTF-8, sometimes with an invalid byte. */
    byte[] headerBytes() {
        byte[] s = header().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (s.length > 0 && chance(5)) s[below(s.length)] = (byte) (int) pick(new Integer[] {0xff, 0xfe, 0xc3, 0x80, 0xed});
        return s;
    }

    /** Prints the header of a layout-file case: {@code java ... memdesc.cli.hostile.Gen SEED > h.h}. */
    public static void main(String[] args) throws java.io.IOException {
        System.out.write(new Gen(Long.parseLong(args[0])).headerBytes());
        System.out.flush();
    }
}
