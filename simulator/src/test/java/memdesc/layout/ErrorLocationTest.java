package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad headers fail with gcc's message at gcc's line:column (gcc is run on the same text).
 * Columns are gcc's display columns: a tab moves to the next multiple of 8.
 */
class ErrorLocationTest {
    @TempDir Path dir;

    private static String error(String text) {
        InputException e = assertThrows(InputException.class, () -> CHeader.parse("bad.h", text, Abi.LP64, Map.of()));
        assertTrue(e.getMessage().startsWith("bad.h:"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        return e.getMessage();
    }

    /** gcc's first error on the text, as "line:col: message" (columns gcc omits become 0). */
    private String gccError(String text) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("prelude.h"), CHeader.preludeSource());
        java.nio.file.Files.writeString(dir.resolve("bad.h"), text);
        Gcc.Result r = Gcc.run(java.util.List.of("gcc", "-fsyntax-only", "-include", "prelude.h", "-x", "c", "bad.h"), dir);
        Matcher m = Pattern.compile("bad\\.h:(\\d+):(?:(\\d+):)? error: (.*)").matcher(r.output());
        assertTrue(m.find(), "gcc accepted the text or gave no located error:\n" + r.output());
        return m.group(1) + ":" + (m.group(2) == null ? "0" : m.group(2)) + ": " + m.group(3);
    }

    private void sameAsGcc(String text, String expected) throws Exception {
        String ours = error(text);
        assertEquals("bad.h:" + expected, ours);
        if (Gcc.available("gcc")) {
            String g = gccError(text);
            String[] want = expected.split(": error: ", 2);
            String[] got = g.split(": ", 2);
            if (want[0].endsWith(":2") && got[0].endsWith(":0")) {
                // gcc gives no column for unterminated conditionals; we point at the directive name
                assertEquals(want[0].split(":")[0], got[0].split(":")[0], "line of " + g);
            } else {
                assertEquals(want[0], got[0], "location of gcc's " + g);
            }
            assertEquals(want[1], got[1], "gcc says " + g);
        }
    }

    @Test
    void unknownTypeByValue() throws Exception {
        sameAsGcc("struct s {\n\tint a;\n\tfoo_t x;\n};\n", "3:9: error: unknown type name 'foo_t'");
    }

    @Test
    void incompleteStructByValue() throws Exception {
        sameAsGcc("struct s {\n\tint a;\n\tstruct foo x;\n};\n", "3:20: error: field 'x' has incomplete type");
    }

    @Test
    void pointerToUnknownStructIsFine() {
        StructLayout s = CHeader.parse("ok.h", "struct s { struct nowhere *p; };", Abi.LP64, Map.of()).struct("s").orElseThrow();
        assertEquals(8, s.size());
    }

    @Test
    void missingSemicolon() throws Exception {
        sameAsGcc("struct s {\n  int a\n  int b;\n};\n", "3:3: error: expected ':', ',', ';', '}' or '__attribute__' before 'int'");
    }

    @Test
    void unterminatedComment() throws Exception {
        sameAsGcc("struct s { int a; };\n/* unterminated\n more\n", "2:1: error: unterminated comment");
    }

    @Test
    void missingEndif() throws Exception {
        sameAsGcc("#ifdef CONFIG_X\nstruct s { int a; };\n", "1:2: error: unterminated #ifdef");
    }

    @Test
    void duplicateMemberAndRedefinition() throws Exception {
        sameAsGcc("struct s { int a; int a; };\n", "1:23: error: duplicate member 'a'");
        sameAsGcc("struct s { int a; };\nstruct s { int b; };\n", "2:8: error: redefinition of 'struct s'");
    }

    @Test
    void bitfieldTooWide() throws Exception {
        sameAsGcc("struct s { int x:33; };\n", "1:16: error: width of 'x' exceeds its type");
    }

    @Test
    void staticAssertFails() throws Exception {
        sameAsGcc("struct s { int a; };\n_Static_assert(sizeof(struct s) == 8, \"bad size\");\n", "2:1: error: static assertion failed: \"bad size\"");
    }

    @Test
    void macroExpandedStructAlignmentAndErrorDirective() {
        String ok = "#define _align __aligned(2 * sizeof(unsigned long))\nstruct p { long a; } _align;\n";
        assertEquals(16, CHeader.parse("ok.h", ok, Abi.LP64, Map.of()).struct("p").orElseThrow().align());
        assertEquals("bad.h:2:2: error: #error no config", error("#ifndef CONFIG_Y\n#error no config\n#endif\n"));
    }

    @Test
    void pragmaPackIsRefusedNotIgnored() {
        assertEquals("bad.h:1:9: error: '#pragma pack' is not supported by the layout engine; use __packed or __aligned",
            error("#pragma pack(push, 1)\nstruct s { char c; int i; };\n"));
    }
}
