package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link CHeader#parseShared} reuses a text's parse on top of other headers only when everything the text
 * looked up there (types, tags, macros, #ifdef'd names, enumerators) is the same definition; otherwise it
 * parses again. Its answers are always those of a fresh {@link CHeader#parse}.
 */
class SharedParseTest {
    private static final Map<String, String> NONE = Map.of();

    /** Two versions of an earlier header that differ in everything a later text may look up. */
    private static final String SMALL = "struct a { int x; };\n#define N 2\ntypedef int word_t;\nenum { K = 1 };\n";
    private static final String BIG = "struct a { long x[3]; };\n#define N 8\n#define BIG 1\ntypedef long word_t;\nenum { K = 5 };\n";

    private static CHeader on(String earlier) {
        return CHeader.parse("a", earlier, Abi.LP64, NONE);
    }

    private static long shared(String earlier, String text, String struct) {
        return CHeader.parseShared("b", text, Abi.LP64, NONE, on(earlier)).require(struct).size();
    }

    private static long fresh(String earlier, String text, String struct) {
        return CHeader.parse("b", text, Abi.LP64, NONE, on(earlier)).require(struct).size();
    }

    @Test
    void aTextIsParsedAgainWhenWhatItUsesFromEarlierHeadersChanges() {
        CHeader.forgetShared();
        String[][] cases = {
            {"struct b { struct a a; };", "b"},                          // a tag used by value
            {"struct b { int v[N]; };", "b"},                             // a macro
            {"struct b { word_t w; };", "b"},                             // a typedef
            {"struct b { char c[K]; };", "b"},                            // an enumerator
            {"#ifdef BIG\nstruct b { long x[4]; };\n#else\nstruct b { int x; };\n#endif\n", "b"}, // a macro that is absent
            {"struct b { char c[sizeof(struct a)]; };", "b"},             // sizeof of a tag
        };
        for (String[] c : cases) {
            for (String earlier : new String[] {SMALL, BIG, SMALL, BIG}) {
                assertEquals(fresh(earlier, c[0], c[1]), shared(earlier, c[0], c[1]), c[0] + " on " + earlier);
            }
            assertEquals(false, shared(SMALL, c[0], c[1]) == shared(BIG, c[0], c[1]), c[0]);
        }
    }

    @Test
    void aTextThatOnlyUsesThePreludeIsParsedOnceAndSharesItsLayouts() {
        CHeader.forgetShared();
        String text = "struct b { struct list_head lru; atomic_t count; unsigned long flags; };";
        CHeader one = CHeader.parseShared("b", text, Abi.LP64, NONE, on(SMALL));
        CHeader two = CHeader.parseShared("b", text, Abi.LP64, NONE, on(BIG));
        assertNotSame(one, two);
        assertSame(one.require("b"), two.require("b"));
        assertEquals(32, two.require("b").size());
        // each header still sees its own earlier header
        assertEquals(4, one.require("a").size());
        assertEquals(24, two.require("a").size());
        // another ABI, other defines or another file name are other texts
        assertEquals(16, CHeader.parseShared("b", text, Abi.ILP32, NONE, null).require("b").size());
        assertNotSame(one.require("b"), CHeader.parseShared("b", text, Abi.LP64, Map.of("X", "1"), on(SMALL)).require("b"));
        assertNotSame(one.require("b"), CHeader.parseShared("c", text, Abi.LP64, NONE, on(SMALL)).require("b"));
    }

    @Test
    void errorsAreThoseOfAFreshParseEveryTime() {
        CHeader.forgetShared();
        String text = "struct b {\n\tstruct a a;\n\tunknown_t u;\n};";
        InputException fresh = assertThrows(InputException.class, () -> CHeader.parse("b", text, Abi.LP64, NONE, on(SMALL)));
        for (int i = 0; i < 2; i++) {
            InputException shared = assertThrows(InputException.class, () -> CHeader.parseShared("b", text, Abi.LP64, NONE, on(SMALL)));
            assertEquals(fresh.getMessage(), shared.getMessage());
        }
        // a text that failed is not remembered: on an earlier header that defines the type it parses
        assertEquals(8, CHeader.parseShared("b", text, Abi.LP64, NONE, on(SMALL + "typedef int unknown_t;\n")).require("b").size());
    }
}
