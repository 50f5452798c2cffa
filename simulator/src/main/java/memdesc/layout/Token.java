package memdesc.layout;

import java.util.Set;

/**
 * One preprocessing token. {@code bol}: first token on its line (directives start there);
 * {@code hide}: macros that must not expand this token again (the C standard's hide set).
 */
record Token(Kind kind, String text, String file, int line, int col, boolean bol, boolean space, Set<String> hide) {
    enum Kind { IDENT, NUMBER, STRING, CHAR, PUNCT }

    boolean is(String s) {
        return text.equals(s) && (kind == Kind.PUNCT || kind == Kind.IDENT);
    }

    Token withHide(Set<String> h, Token at) {
        return new Token(kind, text, at.file, at.line, at.col, false, space, h);
    }

    Token at(Token where, boolean bolFlag) {
        return new Token(kind, text, where.file, where.line, where.col, bolFlag, space, hide);
    }

    Token withSpace(boolean sp) {
        return sp == space ? this : new Token(kind, text, file, line, col, bol, sp, hide);
    }

    String describe() {
        return "'" + text + "'";
    }
}
