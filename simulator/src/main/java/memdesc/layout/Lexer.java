package memdesc.layout;

import memdesc.steps.InputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits C source into preprocessing tokens, dropping comments and line splices. */
final class Lexer {
    private static final String[] PUNCTS = {
        "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
    };

    private final String file;
    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;

    private Lexer(String file, String text) {
        this.file = file;
        this.s = text;
    }

    static List<Token> lex(String file, String text) {
        return new Lexer(file, text).run();
    }

    /** Whether a stray character is a token rather than an error: gcc only objects once the parser meets it. */
    private boolean lenient;

    /** {@link #lex} for files of a source tree: asm text in macros holds '@' and '`' that no declaration uses. */
    static List<Token> lexTree(String file, String text) {
        Lexer l = new Lexer(file, text);
        l.lenient = true;
        return l.run();
    }

    /**
     * {@link #lex}, remembering the last texts: a roadmap's states parse the same struct texts again (on
     * top of other headers, and for each ABI). Tokens are immutable; the list must not be changed.
     */
    static List<Token> lexShared(String file, String text) {
        Source key = new Source(file, text);
        synchronized (LEXED) {
            List<Token> toks = LEXED.get(key);
            if (toks != null) return toks;
        }
        List<Token> toks = java.util.Collections.unmodifiableList(lex(file, text));
        synchronized (LEXED) {
            if (LEXED.size() >= LEXED_MAX) LEXED.clear();
            LEXED.put(key, toks);
        }
        return toks;
    }

    static void forgetShared() {
        synchronized (LEXED) {
            LEXED.clear();
        }
    }

    private static final java.util.Map<Source, List<Token>> LEXED = new java.util.HashMap<>();
    private static final int LEXED_MAX = 256;

    /** A text and the file its tokens name (a plain class: a record's equals costs a bootstrap on first use). */
    private static final class Source {
        final String file;
        final String text;

        Source(String file, String text) {
            this.file = file;
            this.text = text;
        }

        @Override public boolean equals(Object o) {
            return o instanceof Source x && x.text.equals(text) && x.file.equals(file);
        }

        @Override public int hashCode() {
            return text.hashCode() * 31 + file.hashCode();
        }
    }

    private InputException err(int l, int c, String msg) {
        return InputException.at(file, l, c, msg);
    }

    /** The first backslash at or after where it was last looked for (-1: none left), for line comments. */
    private int nextBackslash = -2;

    /** Where {@link #column} last stopped on the current line, so each token only counts from there. */
    private int colLineStart = -1;
    private int colAt;
    private int colValue;

    /** gcc's display column: a tab advances to the next multiple of 8 (-fdiagnostics-column-unit=display). */
    private int column(int at) {
        int k = lineStart;
        int col = 1;
        if (colLineStart == lineStart && colAt <= at) {
            k = colAt;
            col = colValue;
        }
        for (; k < at; k++) {
            col = s.charAt(k) == '\t' ? ((col - 1) / 8 + 1) * 8 + 1 : col + 1;
        }
        colLineStart = lineStart;
        colAt = at;
        colValue = col;
        return col;
    }

    private static boolean identStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || (c >= 0x80 && Character.isLetter(c));
    }

    private static boolean identPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
            || (c >= 0x80 && Character.isLetterOrDigit(c));
    }

    /** The longest of {@link #PUNCTS} at {@code i}, or null: only punctuators starting with {@code c} are tried. */
    private String punct(char c) {
        switch (c) {
            case '.': case '<': case '>': case '-': case '+': case '=': case '!': case '&': case '|':
            case '*': case '/': case '%': case '^': case '#':
                for (String p : PUNCTS) {
                    if (p.charAt(0) == c && s.startsWith(p, i)) return p;
                }
                return null;
            default:
                return null;
        }
    }

    private char ch(int k) {
        return k < s.length() ? s.charAt(k) : '\0';
    }

    /** Skips backslash-newline at position i, keeping line numbers right. */
    private boolean splice() {
        if (ch(i) == '\\') {
            int k = i + 1;
            while (ch(k) == ' ' || ch(k) == '\t') k++;
            if (ch(k) == '\r') k++;
            if (ch(k) == '\n') {
                i = k + 1;
                line++;
                lineStart = i;
                return true;
            }
        }
        return false;
    }

    /** Where the text goes on at {@code k} after any line splices there (k itself when none). Pure. */
    private int skipSplices(int k) {
        while (ch(k) == '\\') {
            int j = k + 1;
            while (ch(j) == ' ' || ch(j) == '\t') j++;
            if (ch(j) == '\r') j++;
            if (ch(j) != '\n') break;
            k = j + 1;
        }
        return k;
    }

    /** Moves {@code i} forward to {@code to}, counting the newlines (of line splices) it passes. */
    private void advanceTo(int to) {
        for (int nl = s.indexOf('\n', i); nl >= 0 && nl < to; nl = s.indexOf('\n', nl + 1)) {
            line++;
            lineStart = nl + 1;
        }
        i = to;
    }

    /**
     * The punctuator at {@code i} when a line splice falls inside it ("-\\\n>" is "->": gcc joins lines
     * before it splits tokens); {@code i} ends past it.
     */
    private String splicedPunct(char c) {
        StringBuilder b = new StringBuilder().append(c);
        int[] end = new int[3];
        end[0] = i + 1;
        int k = i + 1;
        for (int n = 1; n < 3; n++) {
            k = skipSplices(k);
            if (k >= s.length()) break;
            b.append(s.charAt(k));
            end[n] = ++k;
        }
        String best = String.valueOf(c);
        for (String p : PUNCTS) {
            if (p.length() > best.length() && b.indexOf(p) == 0) best = p;
        }
        advanceTo(end[best.length() - 1]);
        return best;
    }

    /** The end of a block comment whose text starts at {@code from}: the index of its '*', or -1. */
    private int commentEnd(int from) {
        int plain = s.indexOf("*/", from);
        for (int k = s.indexOf("*\\", from); k >= 0 && (plain < 0 || k < plain); k = s.indexOf("*\\", k + 1)) {
            int j = skipSplices(k + 1);
            if (j > k + 1 && ch(j) == '/') {
                commentEndAfter = j + 1;
                return k;
            }
        }
        commentEndAfter = plain + 2;
        return plain;
    }

    private int commentEndAfter;

    /**
     * A token that goes on after a line splice (gcc joins lines before it splits tokens: "lo\\\n ng" is
     * "long"): appends what follows each splice while it continues an identifier or a number.
     */
    private String splicedTail(String head, boolean ident) {
        StringBuilder b = null;
        while (splice()) {
            int st = i;
            while (i < s.length() && (ident ? identPart(s.charAt(i))
                    : Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) i++;
            if (b == null) b = new StringBuilder(head);
            b.append(s, st, i);
        }
        return b == null ? head : b.toString();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        boolean bol = true;
        boolean space = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                lineStart = i;
                bol = true;
                space = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b') {
                i++;
                space = true;
                continue;
            }
            if (splice()) {
                space = true;
                continue;
            }
            // the character after '/', across a line splice ("/\\\n*" opens a comment)
            int second = c == '/' && ch(i + 1) == '\\' ? skipSplices(i + 1) : i + 1;
            if (c == '/' && ch(second) == '*') {
                int l0 = line, c0 = column(i);
                // indexOf rather than a loop over every character: comments are most of a kernel struct's text
                int end = commentEnd(second + 1);
                if (end < 0) throw err(l0, c0, "unterminated comment");
                advanceTo(commentEndAfter);
                space = true;
                continue;
            }
            if (c == '/' && ch(second) == '/') {
                int nl = s.indexOf('\n', i);
                int end = nl < 0 ? s.length() : nl;
                if (nextBackslash != -1 && nextBackslash < i) nextBackslash = s.indexOf('\\', i);
                int bs = nextBackslash;
                if (bs < 0 || bs >= end) {
                    i = end; // no line splice in it
                } else {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        if (!splice()) i++;
                    }
                }
                space = true;
                continue;
            }
            int l0 = line, c0 = column(i);
            Token.Kind kind;
            String text;
            if (identStart(c)) {
                int st = i;
                int n = s.length();
                while (i < n && identPart(s.charAt(i))) i++;
                text = s.substring(st, i);
                if (ch(i) == '\\') text = splicedTail(text, true);
                kind = Token.Kind.IDENT;
                // L"..." / u8"..." prefixes are not needed for struct layout
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(ch(i + 1)))) {
                int st = i;
                while (Character.isLetterOrDigit(ch(i)) || ch(i) == '.' || ch(i) == '_'
                        || ((ch(i) == '+' || ch(i) == '-') && (ch(i - 1) == 'e' || ch(i - 1) == 'E'
                            || ch(i - 1) == 'p' || ch(i - 1) == 'P'))) i++;
                text = s.substring(st, i);
                if (ch(i) == '\\') text = splicedTail(text, false);
                kind = Token.Kind.NUMBER;
            } else if (c == '"' || c == '\'') {
                int st = i;
                int from = st;
                StringBuilder spliced = null;
                i++;
                while (true) {
                    if (i >= s.length() || s.charAt(i) == '\n') {
                        throw err(l0, c0, "missing terminating " + c + " character");
                    }
                    if (s.charAt(i) == '\\') {
                        if (skipSplices(i) > i) { // a line splice inside the literal is not part of it
                            if (spliced == null) spliced = new StringBuilder();
                            spliced.append(s, from, i);
                            splice();
                            from = i;
                            continue;
                        }
                        i++; // an escape: the character it escapes may come after a line splice
                        if (skipSplices(i) > i) {
                            if (spliced == null) spliced = new StringBuilder();
                            spliced.append(s, from, i);
                            while (splice()) { }
                            from = i;
                        }
                        i++;
                        continue;
                    }
                    if (s.charAt(i) == c) {
                        i++;
                        break;
                    }
                    i++;
                }
                text = spliced == null ? s.substring(st, i) : spliced.append(s, from, i).toString();
                kind = c == '"' ? Token.Kind.STRING : Token.Kind.CHAR;
            } else {
                if ((ch(i + 1) == '\\' || ch(i + 2) == '\\') && ".<>-+=!&|*/%^#".indexOf(c) >= 0) {
                    text = splicedPunct(c);
                } else {
                    text = punct(c);
                    if (text == null) text = String.valueOf(c);
                    if (!lenient && ("@`\\".contains(text) || c < ' ' && c != '\t')) {
                        throw err(l0, c0, "stray '" + text + "' in program");
                    }
                    i += text.length();
                }
                kind = Token.Kind.PUNCT;
            }
            out.add(new Token(kind, text, file, l0, c0, bol, space, Set.of()));
            bol = false;
            space = false;
        }
        return out;
    }
}
