package memdesc.layout;

/**
 * Integer constant expressions, for #if and for array sizes, bit widths, aligned(N) and
 * _Static_assert. sizeof, _Alignof, offsetof, casts and enumerators go through the hook
 * (the parser), which knows the types; #if has no hook. Values carry C's types as gcc gives them
 * (int, long, unsigned; the usual arithmetic conversions), so "10u - 11u > 0" is 1 as in gcc; #if
 * computes in intmax_t/uintmax_t.
 */
final class ConstExpr {
    interface Hook {
        /** Handles sizeof/_Alignof/__builtin_offsetof/identifiers at the cursor, or returns null. */
        Long primary(Cursor c);

        /** True if a parenthesised type name starts at the cursor (a cast). */
        boolean startsTypeName(Token t);

        /** Parses a type name, for casts. */
        CType castType(Cursor c);

        /** Bits of a long (64 on lp64, 32 on ilp32). */
        int longBits();
    }

    private final Cursor c;
    private final Hook hook;

    ConstExpr(Cursor c, Hook hook) {
        this.c = c;
        this.hook = hook;
    }

    /** The type of the value last returned: {@link #UNSIGNED} and {@link #WIDE} (64 bits; else 32). */
    private int type;
    private static final int UNSIGNED = 1, WIDE = 2;

    /** An over-wide shift gives 0 (gcc folds it so in an attribute's argument: aligned((1UL<<63)) on ilp32 is 0). */
    private boolean foldShifts;

    ConstExpr foldingShifts() {
        foldShifts = true;
        return this;
    }

    /** Whether a comma operator may appear where it is evaluated (#if: gcc allows it there). */
    private boolean commaOk() {
        return hook == null;
    }

    private int longType() {
        return hook == null || hook.longBits() == 64 ? WIDE : 0;
    }

    /** {@code v} as a value of type {@code t}: truncated to its width, sign- or zero-extended to 64 bits. */
    private long fit(long v, int t) {
        type = t;
        if (hook == null && (t & WIDE) == 0) type = t | WIDE; // #if: everything is intmax_t or uintmax_t
        if ((type & WIDE) != 0) return v;
        return (type & UNSIGNED) != 0 ? v & 0xffffffffL : (int) v;
    }

    /** The usual arithmetic conversions of two operand types. */
    private static int common(int a, int b) {
        int wa = a & WIDE, wb = b & WIDE;
        if (wa == wb) return wa | ((a | b) & UNSIGNED);
        return wa > wb ? a : b;
    }

    /** Reads one number or character constant and records its type in the cursor (for sizeof). */
    void conditionalPrimaryType() {
        primary();
        c.lastConstType = type;
    }

    long conditional() {
        long v = binary(0);
        if (c.accept("?")) {
            c.enter(c.peek(), "expressions");
            try {
                long a = comma();
                int ta = type;
                c.expect(":");
                long b = conditional();
                int tb = type;
                int t = common(ta, tb);
                return fit(v != 0 ? a : b, t);
            } finally {
                c.leave();
            }
        }
        return v;
    }

    private long comma() {
        long v = conditional();
        while (c.is(",")) {
            Token t = c.next();
            if (!commaOk()) throw c.errorAt(t, "a comma operator is not allowed in an integer constant expression");
            v = conditional();
        }
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
                    int ta = type;
                    long r = binary(level + 1);
                    v = apply(op, v, ta, r, type, t);
                    continue outer;
                }
            }
            return v;
        }
    }

    private long apply(String op, long a, int ta, long b, int tb, Token t) {
        int ct = common(ta, tb);
        boolean u = (ct & UNSIGNED) != 0;
        return switch (op) {
            case "||" -> fit((a != 0 || b != 0) ? 1 : 0, 0);
            case "&&" -> fit((a != 0 && b != 0) ? 1 : 0, 0);
            case "|" -> fit(a | b, ct);
            case "^" -> fit(a ^ b, ct);
            case "&" -> fit(a & b, ct);
            case "==" -> fit(a == b ? 1 : 0, 0);
            case "!=" -> fit(a != b ? 1 : 0, 0);
            case "<" -> fit((u ? Long.compareUnsigned(a, b) < 0 : a < b) ? 1 : 0, 0);
            case ">" -> fit((u ? Long.compareUnsigned(a, b) > 0 : a > b) ? 1 : 0, 0);
            case "<=" -> fit((u ? Long.compareUnsigned(a, b) <= 0 : a <= b) ? 1 : 0, 0);
            case ">=" -> fit((u ? Long.compareUnsigned(a, b) >= 0 : a >= b) ? 1 : 0, 0);
            // a shift has the type of its left operand
            case "<<", ">>" -> {
                // a count past the left operand's width: gcc warns and the expression is not constant
                int width = (ta & WIDE) != 0 || hook == null ? 64 : 32;
                boolean countOk = (tb & UNSIGNED) != 0 ? Long.compareUnsigned(b, width) < 0 : b >= 0 && b < width;
                if (!countOk && hook != null && !foldShifts) throw c.errorAt(t, (b < 0 && (tb & UNSIGNED) == 0 ? "negative shift count" : "shift count >= width of type")
                        + " in a constant expression");
                if (!countOk) yield fit(op.equals(">>") && (ta & UNSIGNED) == 0 && a < 0 ? -1 : 0, ta);
                yield fit(op.equals("<<") ? a << b : (ta & UNSIGNED) != 0 ? a >>> b : a >> b, ta);
            }
            case "+" -> fit(signedOverflow(ct, t, java.math.BigInteger.valueOf(a).add(java.math.BigInteger.valueOf(b)), a + b), ct);
            case "-" -> fit(signedOverflow(ct, t, java.math.BigInteger.valueOf(a).subtract(java.math.BigInteger.valueOf(b)), a - b), ct);
            case "*" -> fit(signedOverflow(ct, t, java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b)), a * b), ct);
            case "/", "%" -> {
                if (b == 0) throw c.errorAt(t, "division by zero in constant expression");
                long r = u ? (op.equals("/") ? Long.divideUnsigned(a, b) : Long.remainderUnsigned(a, b))
                        : (op.equals("/") ? a / b : a % b);
                yield fit(r, ct);
            }
            default -> throw new IllegalStateException(op);
        };
    }

    /**
     * {@code wrapped}, unless a signed operation overflowed its type: then (in a declaration, where gcc
     * says the expression is not constant) an error at the operator. #if wraps (gcc only warns there).
     */
    private long signedOverflow(int ct, Token at, java.math.BigInteger exact, long wrapped) {
        if (hook == null || (ct & UNSIGNED) != 0) return wrapped;
        int bits = (ct & WIDE) != 0 ? 64 : 32;
        if (exact.bitLength() > bits - 1) throw c.errorAt(at, "integer overflow in expression of type '"
                + ((ct & WIDE) != 0 ? "long int" : "int") + "'");
        return wrapped;
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
        if (c.is("-")) {
            Token t = c.next();
            long v = unary();
            return fit(signedOverflow(type, t, java.math.BigInteger.valueOf(v).negate(), -v), type);
        }
        if (c.accept("+")) return unary();
        if (c.accept("!")) {
            long v = unary();
            return fit(v == 0 ? 1 : 0, 0);
        }
        if (c.accept("~")) {
            long v = unary();
            return fit(~v, type);
        }
        if (c.is("(") && hook != null && hook.startsTypeName(c.peek(1))) {
            c.next();
            CType to = hook.castType(c);
            c.expect(")");
            long v;
            Token t = c.peek();
            if (t.kind() == Token.Kind.NUMBER && floating(t.text())) {
                // a floating constant that is the immediate operand of a cast is allowed (C11 6.6p6)
                c.next();
                v = (long) floatValue(t);
            } else {
                v = unary();
            }
            return cast(v, to);
        }
        return primary();
    }

    /** {@code v} converted to {@code to}, then promoted (a cast to char or short gives an int). */
    private long cast(long v, CType to) {
        CType s = Types.strip(to);
        if (s instanceof CType.Prim p && p.integer()) {
            if (p.name().equals("_Bool")) return fit(v != 0 ? 1 : 0, 0);
            boolean uns = p.name().contains("unsigned");
            long bits = p.size() * 8;
            if (bits < 32) {
                long m = (1L << bits) - 1;
                long x = v & m;
                if (!uns && (x & (1L << (bits - 1))) != 0) x |= ~m;
                return fit(x, 0);
            }
            if (bits >= 64) return fit(v, WIDE | (uns ? UNSIGNED : 0));
            return fit(v, uns ? UNSIGNED : 0);
        }
        if (s instanceof CType.Enm e) return fit(v, e.size() > 4 ? WIDE : 0);
        if (s instanceof CType.Ptr) return fit(v, longType() | UNSIGNED);
        return fit(v, type);
    }

    private long primary() {
        if (c.accept("(")) {
            long v = comma();
            c.expect(")");
            return v;
        }
        if (hook != null) {
            Token h = c.peek();
            boolean size = h.kind() == Token.Kind.IDENT && SIZE_OPERATORS.contains(h.text());
            Long v = hook.primary(c);
            // sizeof, _Alignof and offsetof give a size_t; an enumerator an int (a long past int's range)
            if (v != null) return fit(v, size ? longType() | UNSIGNED : v == (int) (long) v ? 0 : WIDE);
        }
        Token t = c.peek();
        if (t.kind() == Token.Kind.NUMBER) {
            c.next();
            return number(t);
        }
        if (t.kind() == Token.Kind.CHAR) {
            c.next();
            return fit(charValue(t, ""), 0);
        }
        if (t.kind() == Token.Kind.IDENT && isPrefix(t.text()) && c.peek(1).kind() == Token.Kind.CHAR && !c.peek(1).space()) {
            c.next();
            Token ch = c.next();
            return fit(charValue(ch, t.text()), t.text().equals("U") ? UNSIGNED : 0);
        }
        if (t.kind() == Token.Kind.IDENT) {
            throw c.errorAt(t, "'" + t.text() + "' undeclared here (not in a function)");
        }
        throw c.error("expected expression");
    }

    private static final java.util.Set<String> SIZE_OPERATORS = java.util.Set.of("sizeof", "_Alignof", "__alignof__", "__alignof",
            "alignof", "__builtin_offsetof", "offsetof");

    static boolean isPrefix(String s) {
        return s.equals("L") || s.equals("u") || s.equals("U") || s.equals("u8");
    }

    static boolean floating(String text) {
        String s = text.toLowerCase();
        if (s.startsWith("0x")) return s.contains(".") || s.contains("p");
        return s.contains(".") || s.contains("e");
    }

    private double floatValue(Token t) {
        String s = t.text().toLowerCase();
        while (s.endsWith("f") || s.endsWith("l")) s = s.substring(0, s.length() - 1);
        try {
            if (s.startsWith("0x")) return Double.parseDouble(s.contains("p") ? s : s + "p0");
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw c.errorAt(t, "invalid floating constant " + t.text());
        }
    }

    /** An integer constant with the type C gives it (6.4.4.1): by its suffix, its base and its value. */
    private long number(Token t) {
        if (floating(t.text())) throw c.errorAt(t, "floating constant " + t.text() + " in an integer constant expression (only as the operand of a cast)");
        String s = t.text().toLowerCase();
        boolean uns = false;
        int longs = 0;
        while (s.endsWith("u") || s.endsWith("l")) {
            if (s.endsWith("u")) uns = true;
            else longs++;
            s = s.substring(0, s.length() - 1);
        }
        int radix = 10;
        String digits = s;
        if (s.startsWith("0x")) { radix = 16; digits = s.substring(2); }
        else if (s.startsWith("0b")) { radix = 2; digits = s.substring(2); }
        else if (s.length() > 1 && s.startsWith("0")) { radix = 8; digits = s.substring(1); }
        java.math.BigInteger big;
        try {
            if (digits.isEmpty() || longs > 2) throw new NumberFormatException();
            big = new java.math.BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            throw c.errorAt(t, "invalid integer constant " + t.text() + " in expression");
        }
        // too large for any type: gcc warns and keeps the low 64 bits, as unsigned long long
        if (big.bitLength() > 64) return fit(big.longValue(), WIDE | UNSIGNED);
        long v = big.longValue();
        boolean fitsInt = big.bitLength() <= 31, fitsUInt = big.bitLength() <= 32, fitsLong = big.bitLength() <= 63;
        int lt = longType();
        if (hook == null) return fit(v, WIDE | (uns || !fitsLong ? UNSIGNED : 0));
        if (longs == 0 && !uns && fitsInt) return fit(v, 0);
        if (longs == 0 && (uns || radix != 10) && fitsUInt) return fit(v, UNSIGNED);
        // long: 64 bits on lp64; on ilp32, long is 32 bits and long long 64
        if (longs <= 1 && lt == WIDE) {
            if (!uns && fitsLong) return fit(v, WIDE);
            return fit(v, WIDE | UNSIGNED);
        }
        if (longs <= 1 && !uns && fitsInt) return fit(v, 0);
        if (longs <= 1 && (uns || radix != 10) && fitsUInt) return fit(v, UNSIGNED);
        if (!uns && fitsLong) return fit(v, WIDE);
        return fit(v, WIDE | UNSIGNED);
    }

    /**
     * A character constant's value as gcc gives it: a plain one is a char (signed on x86, so '\377' is -1),
     * a multi-character one packs its chars into an int, L'x' is a wchar_t, u'x' a char16_t, U'x' a char32_t.
     */
    private long charValue(Token t, String prefix) {
        String s = t.text().substring(1, t.text().length() - 1);
        java.util.List<Long> cs = new java.util.ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                if (prefix.isEmpty() && cp >= 0x80) {
                    for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) cs.add((long) b & 0xff);
                } else {
                    cs.add((long) cp);
                }
                continue;
            }
            char e = i + 1 < s.length() ? s.charAt(i + 1) : '\\';
            i += 2;
            switch (e) {
                case 'n' -> cs.add(10L);
                case 't' -> cs.add(9L);
                case 'r' -> cs.add(13L);
                case 'a' -> cs.add(7L);
                case 'b' -> cs.add(8L);
                case 'f' -> cs.add(12L);
                case 'v' -> cs.add(11L);
                case 'e', 'E' -> cs.add(27L);
                case 'x' -> {
                    int st = i;
                    while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) i++;
                    if (st == i) throw c.errorAt(t, "\\x used with no following hex digits");
                    cs.add(new java.math.BigInteger(s.substring(st, i), 16).longValue());
                }
                case 'u', 'U' -> {
                    int n = e == 'u' ? 4 : 8, st = i;
                    while (i < s.length() && i - st < n && Character.digit(s.charAt(i), 16) >= 0) i++;
                    cs.add(Long.parseLong("0" + s.substring(st, i), 16));
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int st = i - 1;
                        while (i < s.length() && i - st < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '7') i++;
                        cs.add(Long.parseLong(s.substring(st, i), 8));
                    } else {
                        cs.add((long) e);
                    }
                }
            }
        }
        if (cs.isEmpty()) throw c.errorAt(t, "empty character constant");
        if (!prefix.isEmpty()) {
            long v = cs.get(cs.size() - 1); // gcc keeps the last of a multi-char wide constant
            return switch (prefix) {
                case "u" -> v & 0xffff;
                case "U" -> v & 0xffffffffL;
                case "u8" -> v & 0xff;
                default -> (int) v; // wchar_t: int on Linux
            };
        }
        if (cs.size() == 1) return (byte) (long) cs.get(0); // a char: signed on x86
        long v = 0;
        for (long x : cs) v = (v << 8) | (x & 0xff);
        return (int) v;
    }
}
