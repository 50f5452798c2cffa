package memdesc.git;

/**
 * C comments blanked out for {@code --code-only} counts: each character of a block or line comment
 * becomes a space, newlines stay, so line numbers and line counts do not move. String and character
 * literals are skipped (a {@code "//"} in a string is not a comment); a backslash-newline continues
 * a line comment as the preprocessor does.
 */
final class Comments {
    private Comments() { }

    /** {@code text} with its comments blanked; the same instance when it has none. */
    static String blank(String text) {
        if (text.indexOf('/') < 0) return text;
        char[] c = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '"' || ch == '\'') {
                i = skipLiteral(text, i, ch);
            } else if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                if (c == null) c = text.toCharArray();
                for (int j = i; j < end; j++) if (c[j] != '\n') c[j] = ' ';
                i = end;
            } else if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                int end = i;
                while (end < n && !(text.charAt(end) == '\n' && !(end > 0 && text.charAt(end - 1) == '\\'))) end++;
                if (c == null) c = text.toCharArray();
                for (int j = i; j < end; j++) if (c[j] != '\n') c[j] = ' ';
                i = end;
            } else {
                i++;
            }
        }
        return c == null ? text : new String(c);
    }

    /** Past the literal opened by {@code quote} at i; an unterminated literal ends at the line's end. */
    private static int skipLiteral(String text, int i, char quote) {
        int n = text.length();
        int j = i + 1;
        while (j < n) {
            char ch = text.charAt(j);
            if (ch == '\\') j += 2;
            else if (ch == quote) return j + 1;
            else if (ch == '\n') return j;
            else j++;
        }
        return n;
    }
}
