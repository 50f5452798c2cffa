package memdesc.layout;

import memdesc.steps.InputException;

import java.util.List;

/** Position in a token list; errors at end of input point just past the last token. */
final class Cursor {
    /** The tokens as an array: the parser peeks at them thousands of times, mostly interpreted. */
    private final Token[] toks;
    private final int n;
    int pos;
    /** The type ConstExpr gave the last constant it read for sizeof (its UNSIGNED and WIDE bits). */
    int lastConstType;
    private final Token eof;

    Cursor(List<Token> toks, Token fallback) {
        this.toks = toks.toArray(new Token[0]);
        this.n = this.toks.length;
        Token last = n == 0 ? fallback : this.toks[n - 1];
        this.eof = last == null ? new Token(Token.Kind.PUNCT, "", "<input>", 1, 1, false, false, java.util.Set.of())
            : new Token(Token.Kind.PUNCT, "", last.file(), last.line(), last.col() + last.text().length(), false, false, java.util.Set.of());
    }

    /**
     * How deep the parsers may nest (struct in struct, parenthesized declarators and expressions, unary
     * operators): C11 5.2.4.1 asks for 63 levels; past this a located error, never a stack overflow.
     */
    static final int MAX_NESTING = 256;
    private int nesting;

    /** Enters one level of nesting at {@code at}; pair with {@link #leave}. */
    void enter(Token at, String what) {
        if (++nesting > MAX_NESTING) {
            nesting = 0;
            throw errorAt(at, what + " nested too deeply (limit " + MAX_NESTING + " levels)");
        }
    }

    void leave() {
        if (nesting > 0) nesting--;
    }

    boolean atEnd() {
        return pos >= n;
    }

    Token peek() {
        return pos < n ? toks[pos] : eof;
    }

    Token peek(int k) {
        return pos + k < n ? toks[pos + k] : eof;
    }

    Token next() {
        if (pos < n) return toks[pos++];
        return eof;
    }

    boolean is(String s) {
        return pos < n && toks[pos].is(s);
    }

    boolean accept(String s) {
        if (is(s)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expect(String s) {
        if (!is(s)) throw error("expected '" + s + "'");
        return next();
    }

    /** gcc style: "expected X before 'tok'" or "... at end of input". */
    InputException error(String expected) {
        Token t = peek();
        String where = atEnd() ? " at end of input" : " before " + t.describe();
        return InputException.at(t.file(), t.line(), t.col(), expected + where);
    }

    InputException errorAt(Token t, String msg) {
        return InputException.at(t.file(), t.line(), t.col(), msg);
    }
}
