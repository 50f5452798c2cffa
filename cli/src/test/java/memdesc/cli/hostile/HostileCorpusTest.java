package memdesc.cli.hostile;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The regression corpus of issue 18 (src/test/resources/hostile/cases.tsv): each class of hostile input the
 * issue names, minimized, with the exit status and the message it must give. A text ending in '$' is the
 * whole error line.
 */
class HostileCorpusTest {
    @TempDir Path dir;

    private static final String ROOT = "/hostile/";

    @TestFactory List<DynamicTest> corpus() throws IOException {
        String tsv = read("cases.tsv");
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            assertEquals(4, f.length, line);
            tests.add(DynamicTest.dynamicTest(f[0], () -> check(f[0], Integer.parseInt(f[1]), f[2], f[3])));
        }
        assertTrue(tests.size() >= 30, "the corpus lost cases: " + tests.size());
        return tests;
    }

    private void check(String what, int exit, String expect, String command) throws IOException {
        copyCorpus();
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) args.add(a.replace("{dir}", dir.toString()));
        Harness.Result r = Harness.run(dir, args);
        String why = Harness.judge(r, null);
        assertNull(why, what + ": " + why);
        assertEquals(exit, r.status(), what + ": " + r.err());
        if (expect.isEmpty()) {
            assertFalse(r.err().contains("error:"), what + ": " + r.err());
        } else if (expect.endsWith("$")) {
            assertEquals(expect.substring(0, expect.length() - 1), r.err().strip(), what);
        } else {
            assertTrue(r.err().contains(expect), what + ": expected '" + expect + "' in: " + r.err());
        }
        if (exit == 0 && command.startsWith("layout")) assertFalse(r.out().isBlank(), what + ": no layout printed");
    }

    /**
     * Headers where the engine once refused what gcc accepts or computed another value (constant expressions,
     * line splices inside punctuators, comments and literals): we must accept them, on both ABIs, with the
     * sizes and alignments gcc gives (checked by gcc itself, as _Static_asserts after the header).
     */
    @Test void whereGccAcceptsWeAgreeOnEverySize() throws Exception {
        copy("gcc-agrees-constants.h");
        copy("splice-in-punctuator.h");
        Path pre = Files.writeString(dir.resolve("prelude.h"), memdesc.layout.CHeader.preludeSource());
        Assumptions.assumeTrue(gcc(pre, dir.resolve("splice-in-punctuator.h"), false) == 0, "no gcc here");
        for (String h : List.of("gcc-agrees-constants.h", "splice-in-punctuator.h")) {
            for (boolean ilp32 : new boolean[] {false, true}) {
                Harness.Result r = Harness.run(dir, ilp32 ? List.of("layout", "--abi", "ilp32", "--file", h) : List.of("layout", "--file", h));
                assertEquals(0, r.status(), h + (ilp32 ? " (ilp32)" : "") + ": " + r.err());
                StringBuilder asserts = new StringBuilder(Files.readString(dir.resolve(h))).append('\n');
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^((?:struct|union) \\w+): size (\\d+), align (\\d+)").matcher(r.out());
                int n = 0;
                while (m.find()) {
                    asserts.append("_Static_assert(sizeof(").append(m.group(1)).append(") == ").append(m.group(2)).append(" && _Alignof(")
                            .append(m.group(1)).append(") == ").append(m.group(3)).append(", \"").append(m.group(1)).append("\");\n");
                    n++;
                }
                assertTrue(n >= 3, h + ": " + r.out());
                Path checked = Files.writeString(dir.resolve("checked-" + h), asserts);
                int rc = gcc(pre, checked, ilp32);
                if (rc == -1) continue; // no 32-bit headers for gcc here
                assertEquals(0, rc, h + (ilp32 ? " (ilp32)" : "") + ": gcc disagrees with our layout:\n" + lastGcc);
            }
        }
    }

    private String lastGcc = "";

    /** gcc's exit status on {@code h} with the prelude; -1 when gcc cannot build for the ABI here. */
    private int gcc(Path pre, Path h, boolean ilp32) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-fsyntax-only", "-w", "-x", "c", "-include", pre.toString()));
        if (ilp32) cmd.add("-m32");
        cmd.add(h.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lastGcc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (lastGcc.contains("stubs-32.h") || lastGcc.contains("No such file")) return -1;
            return rc;
        } catch (IOException e) {
            return -1;
        }
    }

    private void copy(String name) throws IOException {
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream(ROOT + name)) {
            assertNotNull(in, name);
            Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    private void copyCorpus() throws IOException {
        for (String name : read("cases.tsv").lines().filter(l -> !l.startsWith("#")).flatMap(l -> List.of(l.split("\t")[3].split(" ")).stream())
                .filter(a -> a.matches("(\\{dir}/)?[\\w.-]+\\.(h|yaml)")).map(a -> a.replace("{dir}/", "")).distinct().toList()) {
            Path to = dir.resolve(name);
            if (Files.exists(to)) continue;
            try (InputStream in = HostileCorpusTest.class.getResourceAsStream(ROOT + name)) {
                assertNotNull(in, "corpus file " + name);
                Files.write(to, in.readAllBytes());
            }
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream(ROOT + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
