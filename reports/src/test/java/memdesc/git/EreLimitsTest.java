package memdesc.git;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

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
}
