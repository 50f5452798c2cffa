package memdesc.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's help ends with an example, and the example is a command line the CLI accepts. */
class HelpTest {
    @Test void everyCommandHasAnExampleThatParses() {
        CommandLine cl = new CommandLine(new Main());
        Help.examples(cl);
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            String ex = Help.EXAMPLES.get(name);
            assertTrue(ex != null, "no example for " + name);
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[] {"help", name}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("Example:\n  " + ex + "\n"), name + ":\n" + out);
            assertTrue(!err.toString().contains("picocli WARN") && !out.toString().contains("picocli WARN"), name + ": " + err);
            String[] args = Arrays.stream(ex.split(" ")).skip(1).toArray(String[]::new);
            new CommandLine(new Main()).parseArgs(args); // throws if the example does not parse
        }
    }
}
