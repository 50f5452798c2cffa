package memdesc.cli.hostile;

import org.junit.jupiter.api.DynamicTest;
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
