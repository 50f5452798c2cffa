package memdesc.git;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 18: a probe's regular expression is bounded in nesting and length, refused by name, never a stack overflow. */
class EreLimitsTest {
    @Test void deeplyNestedGroupsAreRefusedByName() {
        String deep = "(".repeat(20000) + "a" + ")".repeat(20000);
        InputException e = assertThrows(InputException.class, () -> Ere.translate("deep", "(".repeat(100) + "a" + ")".repeat(100)));
        assertEquals("probe 'deep': error: groups nested more than 64 deep at column 65 of the regular expression", e.getMessage());
        InputException longer = assertThrows(InputException.class, () -> Ere.translate("long", deep));
        assertEquals("probe 'long': error: the regular expression is 40001 bytes, longer than the limit of 4096", longer.getMessage());
    }

    @Test void nestingUpToTheLimitStillTranslates() {
        String ok = "(".repeat(64) + "page->lru" + ")".repeat(64);
        assertTrue(Ere.translate("ok", ok).pattern().matcher("x = page->lru;").find());
    }

    @Test void aRepeatedGroupOnAVeryLongLineIsAnErrorNamingTheProbe() throws Exception {
        // run on the JVM's default 1 MiB stack, as the launcher does (surefire gives tests 8 MiB)
        LineCounter lc = new LineCounter(LineCounter.compile(List.of(new Probe("rep", "x(a|b)*c", false))));
        byte[] line = ("x" + "ab".repeat(200_000) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Throwable[] thrown = {null};
        Thread t = new Thread(null, () -> {
            try {
                lc.count(line, line.length);
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "probe", 1 << 20);
        t.start();
        t.join();
        assertTrue(thrown[0] instanceof InputException, String.valueOf(thrown[0]));
        assertEquals("probe 'rep': error: the regular expression repeats a group over a line too long for the matcher;"
                + " write it without the repeated group", thrown[0].getMessage());
        // a short line is counted as ever
        byte[] shortLine = "xababc\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(1, lc.count(shortLine, shortLine.length)[0]);
    }
}
