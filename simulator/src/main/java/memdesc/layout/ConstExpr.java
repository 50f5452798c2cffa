package memdesc.layout;

/**
 * Integer constant expressions, for #if and for array sizes, bit widths, aligned(N) and
 * _Static_assert. sizeof, _Alignof, offsetof, casts and enumerators go through the hook
 * (the parser), which knows the types; #if has no hook.
 */
final class ConstExpr {
    interface Hook {
        /** Handles sizeof/_Alignof/__builtin_offsetof/identifiers at the cursor, or returns null. */
        Long primary(Cursor c);

        /** True if a parenthesised type name starts at the cursor (a cast). */
        boolean startsTypeName(Token t);

        /** Parses a type name, for casts. */
        void skipTypeName(Cursor c);
    }

    private final Cursor c;
    private final Hook hook;

    ConstExpr(Cursor c, Hook hook) {
        this.c = c;
        this.hook = hook;
    }

    long conditional() {
        long v = binary(0);
        if (c.accept("?")) {
            c.enter(c.peek(), "expressions");
            try {
                long a = comma();
                c.expect(":");
                long b = conditional();
                return v != 0 ? a : b;
            } finally {
                c.leave();
            }
        }
        return v;
    }

    private long comma() {
        long v = conditional();
        while (c.accept(",")) v = conditional();
        return v;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
    };

    private long binary(int level) {
        if (level == LEVELS.length) return unary();
        long v = binary(level + 1);
        outer:
        while (true) {
            for (String op : LEVELS[level]) {
                if (c.is(op)) {
                    Token t = c.next();
                    long r = binary(level + 1);
                    v = apply(op, v, r, t);
                    continue outer;
                }
            }
            return v;
        }
    }

    private long apply(String op, long a, long b, Token t) {
        return switch (op) {
            case "||" -> (a != 0 || b != 0) ? 1 : 0;
            case "&&" -> (a != 0 && b != 0) ? 1 : 0;
            case "|" -> a | b;
            case "^" -> a ^ b;
            case "&" -> a & b;
            case "==" -> a == b ? 1 : 0;
            case "!=" -> a != b ? 1 : 0;
            case "<" -> a < b ? 1 : 0;
            case ">" -> a > b ? 1 : 0;
            case "<=" -> a <= b ? 1 : 0;
            case ">=" -> a >= b ? 1 : 0;
            case "<<" -> a << b;
            case ">>" -> a >> b;
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/", "%" -> {
                if (b == 0) throw c.errorAt(t, "division by zero in constant expression");
                yield op.equals("/") ? a / b : a % b;
            }
            default -> throw new IllegalStateException(op);
        };
    }

    private long unary() {
        c.enter(c.peek(), "expressions");
        try {
            return unaryAt();
        } finally {
            c.leave();
        }
    }

    private long unaryAt() {
        if (c.accept("-")) return -unary();
        if (c.accept("+")) return unary();
        if (c.accept("!")) return unary() == 0 ? 1 : 0;
        if (c.accept("~")) return ~unary();
        if (c.is("(") && hook != null && hook.startsTypeName(c.peek(1))) {
            c.next();
            hook.skipTypeName(c);
            c.expect(")");
            return unary();
        }
        return primary();
    }

    private long primary() {
        if (c.accept("(")) {
            long v = comma();
            c.expect(")");
            return v;
        }
        if (hook != null) {
            Long v = hook.primary(c);
            if (v != null) return v;
        }
        Token t = c.peek();
        if (t.kind() == Token.Kind.NUMBER) {
            c.next();
            return number(t);
        }
        if (t.kind() == Token.Kind.CHAR) {
            c.next();
            return charValue(t);
        }
        if (t.kind() == Token.Kind.IDENT) {
            throw c.errorAt(t, "'" + t.text() + "' undeclared here (not in a function)");
        }
        throw c.error("expected expression");
    }

    private long number(Token t) {
        String s = t.text().toLowerCase();
        while (s.endsWith("u") || s.endsWith("l")) s = s.substring(0, s.length() - 1);
        try {
            if (s.startsWith("0x")) return Long.parseUnsignedLong(s.substring(2), 16);
            if (s.startsWith("0b")) return Long.parseUnsignedLong(s.substring(2), 2);
            if (s.length() > 1 && s.startsWith("0")) return Long.parseUnsignedLong(s.substring(1), 8);
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw c.errorAt(t, "invalid integer constant " + t.text() + " in expression");
        }
    }

    private static long charValue(Token t) {
        String s = t.text().substring(1, t.text().length() - 1);
        if (!s.startsWith("\\")) return s.isEmpty() ? 0 : s.charAt(0);
        return switch (s.length() > 1 ? s.charAt(1) : '0') {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> s.length() > 2 ? Long.parseLong(s.substring(1), 8) : 0;
            case 'x' -> Long.parseLong(s.substring(2), 16);
            default -> s.charAt(1);
        };
    }
}
