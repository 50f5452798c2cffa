package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every truncation and every one-token deletion of the baseline's struct texts and the bundled
 * proposals either parses or fails with one located InputException line; never with another exception.
 */
class MalformedInputTest {
    private static final java.util.regex.Pattern LOCATED =
        java.util.regex.Pattern.compile("[^:\\n]+:\\d+:\\d+: error: [^\\n]+");

    private static void check(String name, String text, List<String> bad) {
        try {
            CHeader.parse(name, text, Abi.LP64, Map.of("CONFIG_MEMCG", "1"));
        } catch (InputException e) {
            if (!LOCATED.matcher(e.getMessage()).matches()) bad.add("unlocated: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            bad.add(name + ": " + e);
        }
    }

    @Test
    void truncationsFailCleanly() {
        String text = Baseline.state().struct("page").c() + Baseline.state().struct("folio").c();
        List<String> bad = new ArrayList<>();
        int cuts = 0;
        for (int i = 0; i < text.length(); i += 37) {
            check("cut" + i + ".h", text.substring(0, i), bad);
            cuts++;
        }
        assertTrue(bad.isEmpty(), cuts + " cuts, failures:\n" + String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    @Test
    void deletedTokensFailCleanly() {
        String text = Baseline.state().struct("slab").c() + Baseline.state().struct("ptdesc").c() + CHeader.bundledSource("proposed.h");
        List<String> bad = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_0-9]+|[{}();,:\\[\\]*#]").matcher(text);
        int n = 0;
        while (m.find()) {
            if (n++ % 3 != 0) continue;
            check("del" + m.start() + ".h", text.substring(0, m.start()) + text.substring(m.end()), bad);
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }
}
