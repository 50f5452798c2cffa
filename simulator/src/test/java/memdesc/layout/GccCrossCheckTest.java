package memdesc.layout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against the real gcc: every offset, size and alignment of the corpus
 * (55 structs: bitfields across units, :0, packed, aligned, anonymous unions, arrays of
 * structs, function pointers) becomes a _Static_assert that gcc must accept, on x86_64 and
 * on i386; bitfield bit positions are read back from a compiled program.
 */
class GccCrossCheckTest {
    @TempDir Path dir;

    private static List<StructLayout> corpus(Abi abi) throws Exception {
        CHeader h = CHeader.parse("corpus.h", Gcc.resource("corpus.h"), abi, Map.of());
        return h.structs();
    }

    private static String asserts(List<StructLayout> structs) {
        StringBuilder b = new StringBuilder();
        for (StructLayout s : structs) {
            // typedef'd tagless structs are named by their typedef; tagged ones by tag
            boolean typedefOnly = s.name().startsWith("c45");
            b.append(Gcc.asserts(List.of(s), typedefOnly));
        }
        return b.toString();
    }

    private void crossCheck(Abi abi) throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        List<StructLayout> structs = corpus(abi);
        assertTrue(structs.size() >= 40, "corpus has " + structs.size() + " structs");
        String c = CHeader.preludeSource() + "\n" + Gcc.resource("corpus.h") + asserts(structs);
        Gcc.Result r = Gcc.syntaxOnly(dir, "cross-" + abi + ".c", c, abi);
        assertEquals(0, r.exit(), "gcc rejected the engine's layout (" + abi + "):\n" + r.output());
    }

    @Test
    void corpusMatchesGccOnX86_64() throws Exception {
        crossCheck(Abi.LP64);
    }

    @Test
    void corpusMatchesGccOnI386() throws Exception {
        crossCheck(Abi.ILP32);
    }

    @Test
    void aWrongLayoutIsCaughtByTheCrossCheck() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed");
        // the harness itself must be able to fail: assert one offset off by one
        StructLayout s = corpus(Abi.LP64).get(0);
        String c = CHeader.preludeSource() + "\n" + Gcc.resource("corpus.h")
            + "_Static_assert(__builtin_offsetof(struct " + s.name() + ", s) == " + (s.find("s").orElseThrow().offset() + 1) + ", \"x\");\n";
        assertTrue(Gcc.syntaxOnly(dir, "wrong.c", c, Abi.LP64).exit() != 0);
    }

    /** Sets each bitfield to 1 and to all ones through a union with bytes; gcc's program prints where the bits landed. */
    @Test
    void bitfieldBitPositionsMatchGcc() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed");
        List<StructLayout> structs = corpus(Abi.LP64);
        StringBuilder c = new StringBuilder(CHeader.preludeSource()).append('\n').append(Gcc.resource("corpus.h"));
        c.append("\n#include <stdio.h>\n#include <string.h>\n");
        c.append("static void show(const char *what, const unsigned char *p, unsigned long n) {\n")
         .append("  int first = -1, count = 0;\n")
         .append("  for (unsigned long i = 0; i < n * 8; i++) if (p[i / 8] >> (i % 8) & 1) { if (first < 0) first = i; count++; }\n")
         .append("  printf(\"%s %d %d\\n\", what, first, count);\n}\n");
        c.append("int main(void) {\n");
        Map<String, MemberRef> expected = new HashMap<>();
        int n = 0;
        for (StructLayout s : structs) {
            if (s.name().startsWith("c45")) continue;
            String t = Gcc.cType(s, false);
            for (MemberRef r : s.leaves()) {
                if (!r.bitfield()) continue;
                String key = s.name() + "." + r.path();
                expected.put(key, r);
                c.append("  { union { ").append(t).append(" s; unsigned char b[sizeof(").append(t).append(")]; } u;\n")
                 .append("    memset(&u, 0, sizeof u); u.s.").append(r.path()).append(" = 1; u.s.").append(r.path())
                 .append(" = ~u.s.").append(r.path()).append(" ? 1 : 1;\n")
                 .append("    memset(&u, 0, sizeof u); u.s.").append(r.path()).append(" = -1;\n")
                 .append("    show(\"").append(key).append("\", u.b, sizeof u.b); }\n");
                n++;
            }
        }
        c.append("  return 0;\n}\n");
        assertTrue(n >= 30, "corpus has " + n + " bitfields");
        java.nio.file.Files.writeString(dir.resolve("bits.c"), c);
        Gcc.Result cc = Gcc.run(List.of("gcc", "-w", "-o", dir.resolve("bits").toString(), dir.resolve("bits.c").toString()), dir);
        assertEquals(0, cc.exit(), cc.output());
        Gcc.Result run = Gcc.run(List.of(dir.resolve("bits").toString()), dir);
        assertEquals(0, run.exit(), run.output());
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : run.output().split("\n")) {
            String[] f = line.trim().split(" ");
            MemberRef r = expected.get(f[0]);
            long first = r.offset() * 8 + r.bitOffset();
            if (Long.parseLong(f[1]) != first || Integer.parseInt(f[2]) != r.bitWidth()) {
                mismatches.add(f[0] + ": gcc bit " + f[1] + " width " + f[2] + ", engine bit " + first + " width " + r.bitWidth());
            }
            checked++;
        }
        assertEquals(n, checked, run.output());
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /**
     * i386 bit positions without a 32-bit libc: each bitfield is set to all ones in a static
     * initializer, gcc -m32 -S writes the bytes as assembler data, and we read them back.
     */
    @Test
    void bitfieldBitPositionsMatchGccOnI386() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed");
        List<StructLayout> structs = corpus(Abi.ILP32);
        StringBuilder c = new StringBuilder(CHeader.preludeSource()).append('\n').append(Gcc.resource("corpus.h")).append('\n');
        List<String> keys = new ArrayList<>();
        List<MemberRef> refs = new ArrayList<>();
        for (StructLayout s : structs) {
            if (s.name().startsWith("c45")) continue;
            String t = Gcc.cType(s, false);
            for (MemberRef r : s.leaves()) {
                if (!r.bitfield()) continue;
                c.append("union { ").append(t).append(" s; unsigned char b[sizeof(").append(t).append(")]; } v")
                    .append(keys.size()).append(" = { .s = { .").append(r.path()).append(" = -1 } };\n");
                keys.add(s.name() + "." + r.path());
                refs.add(r);
            }
        }
        java.nio.file.Files.writeString(dir.resolve("bits32.c"), c);
        Gcc.Result cc = Gcc.run(List.of("gcc", "-m32", "-w", "-S", "-o", dir.resolve("bits32.s").toString(),
            dir.resolve("bits32.c").toString()), dir);
        assertEquals(0, cc.exit(), cc.output());
        Map<String, List<Integer>> data = assemblerData(java.nio.file.Files.readAllLines(dir.resolve("bits32.s")));
        List<String> mismatches = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            List<Integer> bytes = data.get("v" + k);
            assertTrue(bytes != null, "no data for v" + k);
            int first = -1;
            int count = 0;
            for (int i = 0; i < bytes.size() * 8; i++) {
                if ((bytes.get(i / 8) >> (i % 8) & 1) != 0) {
                    if (first < 0) first = i;
                    count++;
                }
            }
            MemberRef r = refs.get(k);
            if (first != r.offset() * 8 + r.bitOffset() || count != r.bitWidth()) {
                mismatches.add(keys.get(k) + ": gcc bit " + first + " width " + count + ", engine " + (r.offset() * 8 + r.bitOffset()) + "/" + r.bitWidth());
            }
        }
        assertTrue(keys.size() >= 30, "bitfields: " + keys.size());
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /** Bytes of each labelled object in gcc's assembler output (.byte/.value/.long/.quad/.zero). */
    private static Map<String, List<Integer>> assemblerData(List<String> lines) {
        Map<String, List<Integer>> out = new HashMap<>();
        List<Integer> cur = null;
        for (String raw : lines) {
            String l = raw.trim();
            if (l.matches("[A-Za-z_][A-Za-z0-9_.]*:")) {
                cur = new ArrayList<>();
                out.put(l.substring(0, l.length() - 1), cur);
                continue;
            }
            if (cur == null) continue;
            String[] f = l.split("\\s+", 2);
            int width = switch (f[0]) {
                case ".byte" -> 1;
                case ".value", ".short", ".2byte" -> 2;
                case ".long", ".4byte" -> 4;
                case ".quad", ".8byte" -> 8;
                case ".zero" -> 0;
                default -> -1;
            };
            if (width < 0) {
                if (!l.startsWith(".")) cur = null;
                continue;
            }
            long v = Long.decode(f[1].trim());
            if (width == 0) {
                for (long i = 0; i < v; i++) cur.add(0);
            } else {
                for (int i = 0; i < width; i++) cur.add((int) (v >> (8 * i) & 0xff));
            }
        }
        return out;
    }
}
