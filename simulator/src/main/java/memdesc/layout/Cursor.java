package memdesc.layout;

import memdesc.steps.InputException;

import java.util.List;

/** Position in a token list; errors at end of input point just past the last token. */
final class Cursor {
    final List<Token> toks;
    int pos;
    private final Token eof;

    Cursor(List<Token> toks, Token fallback) {
        this.toks = toks;
        Token last = toks.isEmpty() ? fallback : toks.get(toks.size() - 1);
        this.eof = last == null ? new Token(Token.Kind.PUNCT, "", "<input>", 1, 1, false, false, java.util.Set.of())
            : new Token(Token.Kind.PUNCT, "", last.file(), last.line(), last.col() + last.text().length(), false, false, java.util.Set.of());
    }

    boolean atEnd() {
        return pos >= toks.size();
    }

    Token peek() {
        return pos < toks.size() ? toks.get(pos) : eof;
    }

    Token peek(int k) {
        return pos + k < toks.size() ? toks.get(pos + k) : eof;
    }

    Token next() {
        Token t = peek();
        if (pos < toks.size()) pos++;
        return t;
    }

    boolean is(String s) {
        return !atEnd() && peek().is(s);
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
