package memdesc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baseline: kernel: v6.12} from the command line: a copy of the shipped roadmap with two
 * buffer_head members swapped (nothing in the model reads either) is listed by validate at the
 * members' lines and fails check at the baseline; the shipped roadmap is clean.
 */
class BaselineClaimTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        // as in a terminal wide enough for any line: these read what is said, not how it wraps (EveryCommandTest)
        int code = Width.with(1000, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    private Path swapped() throws Exception {
        String t = Files.readString(Path.of("..", "roadmap.yaml"));
        String a = "\n          sector_t b_blocknr;", b = "\n          size_t b_size;";
        assertTrue(t.contains(a + b), "the shipped buffer_head declares b_blocknr, then b_size");
        Path y = dir.resolve("roadmap.yaml");
        Files.writeString(y, t.replace(a + b, b + a));
        return y;
    }

    @Test void validateListsTheMovedMembers() throws Exception {
        Path y = swapped();
        Run v = run("validate", "--roadmap", y.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.err().contains(y + ":274:20: warning: the baseline does not build: struct buffer_head member b_blocknr is at offset 32 "
            + "(8 bytes), but kernel v6.12 has it at offset 24 (8 bytes)"), v.err());
        assertTrue(v.err().contains(":273:18: warning: the baseline does not build: struct buffer_head member b_size is at offset 24"), v.err());
        Run clean = run("validate", "--roadmap", Path.of("..", "roadmap.yaml").toString());
        assertTrue(!clean.err().contains("kernel v6.12"), clean.err());
    }

    @Test void checkFailsAtTheBaseline() throws Exception {
        Path y = swapped();
        Run c = run("check", "--roadmap", y.toString(), "--until", "0", "--machine", "64MiB", "--no-cache");
        assertEquals(1, c.code(), c.out() + c.err());
        assertTrue(c.out().contains("first bad step 0 baseline"), c.out());
        assertTrue(c.out().contains(y + ":274:20: does not build: struct buffer_head member b_blocknr is at offset 32 (8 bytes), but kernel v6.12 "
            + "has it at offset 24 (8 bytes) (the baseline claims kernel v6.12 at 35:11) (and 1 more error)"), c.out());
    }
}
