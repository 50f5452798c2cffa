package memdesc.build;

import memdesc.steps.Loc;
import memdesc.steps.StructDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The build check reads C error lines and pointer types by hand (a regex costs its first caller class
 * loading and interpretation); it must read them exactly as the patterns it replaced.
 */
class TextMatchingTest {
    private static final Pattern C_ERROR = Pattern.compile("^(.*?):(\\d+):(\\d+): error: (.*)$");

    @Test
    void cErrorLinesAreSplitAsTheRegexSplitsThem() {
        StructDef d = new StructDef("page", "struct page {\n\tint x;\n\tfoo_t y;\n};\n", new Loc("roadmap.yaml", 40, 7));
        List<String> messages = List.of(
            "page:3:9: error: unknown type name 'foo_t'",
            "page:1:1: error: expected ';' at end of input",
            "a:b:3:4: error: x: 1:2: error: y",
            "page:x:3:4: error: nested 'page:1:2: error: '",
            ":2:3: error: empty file name",
            "page:2:3: error:",
            "page:2:3:error: no space",
            "page:2: error: no column",
            "page::3: error: no line",
            "page:2:3: error: two\nlines",
            "page:2:3: error: carriage\rreturn",
            "page:2:3: error: ",
            "no position at all",
            "page:0002:0010: error: zeros",
            "page:2:3: error: unicode \u2028 line separator");
        for (String m : messages) {
            Matcher x = C_ERROR.matcher(m);
            Diagnostic want;
            if (!x.matches()) {
                want = new Diagnostic(d.loc(), m);
            } else {
                int line = Integer.parseInt(x.group(2));
                int col = BuildCheck.charColumn(d.c(), line, Integer.parseInt(x.group(3)));
                want = new Diagnostic(new Loc("roadmap.yaml", 40 + line - 1, 7 + col - 1), x.group(4) + " (in struct page)");
            }
            assertEquals(want.toString(), BuildCheck.mapCError(d, m).toString(), m);
        }
    }

    @Test
    void tagKeywordsAreStrippedAsTheRegexStripsThem() {
        for (String t : List.of("struct list_head", "const struct list_head", "union u", "const union  u", "struct\tx",
                "structx", "const structx", "conststruct x", "const  x", "int", "struct", "struct ", "const struct ",
                "union\n\nu", "const\tunion\u000Bz", "  struct x", "struct union x", "const const struct x")) {
            assertEquals(t.replaceFirst("^(const\\s+)?(struct|union)\\s+", ""), BuildCheck.withoutTagKeyword(t), t);
        }
    }
}
