package memdesc.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md shows real output: every {@code ```console} block that starts with {@code $ ./memdesc ARGS}
 * is run through the CLI (from the repository root) and must print exactly what the block shows, stdout
 * then stderr. Output that depends on timing or on the machine goes in {@code ```text} blocks, which
 * are pasted from real runs but not compared.
 */
class ReadmeTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Block(int line, List<String> args, String expected) {}

    static List<Block> blocks(String readme) {
        List<Block> out = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].equals("```console")) continue;
            int start = i + 1;
            if (start >= lines.length || !lines[start].startsWith("$ ./memdesc")) continue;
            StringBuilder body = new StringBuilder();
            int j = start + 1;
            for (; j < lines.length && !lines[j].equals("```"); j++) body.append(lines[j]).append('\n');
            out.add(new Block(start + 1, split(lines[start].substring("$ ./memdesc".length()).trim()), body.toString()));
            i = j;
        }
        return out;
    }

    /** Splits a shell-like command line: spaces separate, single quotes group. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : s.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out;
    }

    @Test
    void everyConsoleBlockIsWhatTheCodePrintsToday() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<Block> blocks = blocks(readme);
        assertTrue(blocks.size() >= 5, "README.md should show the commands with their output; found " + blocks.size());
        String old = System.getProperty("user.dir");
        for (Block b : blocks) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            Main.run(b.args().toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), ROOT);
            assertEquals(b.expected(), out.toString() + err.toString(), "README.md:" + b.line() + ": $ ./memdesc " + String.join(" ", b.args()));
        }
        assertEquals(old, System.getProperty("user.dir"));
    }
}
