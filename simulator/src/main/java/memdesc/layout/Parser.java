package memdesc.layout;


import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the declarations of a C header. It lays out every struct and
 * union as its closing brace is read, so sizeof/offsetof in later constant expressions work.
 * Function bodies and initializers are skipped.
 */
final class Parser implements ConstExpr.Hook {
    private static final Set<String> TYPE_KW = Set.of("void", "char", "short", "int", "long", "signed", "unsigned",
        "_Bool", "float", "double", "__int128", "struct", "union", "enum", "__signed__", "__signed", "_Complex");
    private static final Set<String> QUALS = Set.of("const", "volatile", "restrict", "__restrict", "__restrict__",
        "__const", "__const__", "__volatile", "__volatile__", "_Atomic", "_Noreturn", "__extension__");
    private static final Set<String> STORAGE = Set.of("typedef", "extern", "static", "inline", "__inline", "__inline__",
        "register", "auto", "_Thread_local", "__thread");

    private final Cursor c;
    private final Scope scope;
    private final Abi abi;

    /** Attributes gcc understands for layout; everything else is skipped. */
    static final class Attr {
        int aligned;
        boolean packed;

        void add(Attr o) {
            aligned = Math.max(aligned, o.aligned);
            packed |= o.packed;
        }
    }

    private record Spec(CType type, boolean typedef, Attr attr, Token first) { }

    /** A parsed declarator: pointer levels, array/function suffixes, an inner declarator. */
    private static final class Decl {
        Token name;
        final List<boolean[]> ptrs = new ArrayList<>();   // {const, volatile}
        final List<Object> suffixes = new ArrayList<>();  // Long (array count, -1 flexible) or List<String> params
        final List<Token> suffixAt = new ArrayList<>();
        Decl inner;
        final Attr attr = new Attr();

        Token nameTok() {
            // once per level: asking twice doubled the work at each level of parentheses, int ((((p)))) was exponential
            Token in = inner == null ? null : inner.nameTok();
            return in != null ? in : name;
        }
    }

    private record Field(Token name, Token loc, CType type, int width, Attr attr) { }

    Parser(List<Token> toks, Scope scope, Abi abi, Token fallback) {
        this.c = new Cursor(toks, fallback);
        this.scope = scope;
        this.abi = abi;
    }

    void parseUnit() {
        while (!c.atEnd()) {
            if (c.accept(";")) continue;
            if (staticAssert()) continue;
            if (c.is("asm") || c.is("__asm__") || c.is("__asm")) {
                c.next();
                skipBalanced();
                c.expect(";");
                continue;
            }
            Spec spec = specifiers(false);
            if (c.accept(";")) continue;
            while (true) {
                Decl d = declarator(false);
                if (d.nameTok() == null) throw c.error("expected identifier or '('");
                CType t = apply(d, spec.type());
                attributes(d.attr);
                if (spec.typedef()) {
                    defineTypedef(d.nameTok(), t, spec, d);
                } else if (Types.strip(t) instanceof CType.Func && c.is("{")) {
                    skipBalanced();
                    break;
                }
                if (c.is("asm") || c.is("__asm__") || c.is("__asm")) {
                    c.next();
                    skipBalanced();
                    attributes(new Attr());
                }
                if (c.accept("=")) skipInitializer();
                if (c.accept(",")) continue;
                if (!c.is(";")) throw c.error("expected '=', ',', ';', 'asm' or '__attribute__'");
                c.next();
                break;
            }
        }
    }

    private void defineTypedef(Token name, CType t, Spec spec, Decl d) {
        Attr a = new Attr();
        a.add(spec.attr());
        a.add(d.attr);
        CType prev = scope.typedefs.get(name.text());
        CType nt = new CType.Named(name.text(), t, a.aligned);
        if (prev != null && !Types.name(((CType.Named) prev).target()).equals(Types.name(t))) {
            throw c.errorAt(name, "conflicting types for '" + name.text() + "'");
        }
        scope.typedefs.put(name.text(), nt);
        CType s = t instanceof CType.Qual q ? q.t() : t;
        if (s instanceof CType.Rec r && r.def().complete()) {
            if (r.def().tag == null) {
                StructLayout old = r.def().layout;
                StructLayout l = old.renamed(name.text());
                r.def().layout = l;
                scope.order.add(l);
                scope.typedefAnon.add(l);
                Attr sa = scope.structAttr(old);
                if (sa != null) scope.structAttrs.put(l, sa);
            }
            scope.byName.putIfAbsent(name.text(), r.def().layout);
        }
    }

    // ---- declaration specifiers ---------------------------------------------------------

    private boolean isTypedefName(Token t) {
        return t.kind() == Token.Kind.IDENT && scope.typedef(t.text()) != null;
    }

    @Override
    public boolean startsTypeName(Token t) {
        return t.kind() == Token.Kind.IDENT && (TYPE_KW.contains(t.text()) || QUALS.contains(t.text()) || isTypedefName(t));
    }

    private Spec specifiers(boolean member) {
        Token first = c.peek();
        boolean typedef = false;
        boolean isConst = false;
        boolean isVolatile = false;
        Attr attr = new Attr();
        CType named = null;
        int longs = 0;
        String base = null;
        boolean signed = false;
        boolean unsigned = false;
        boolean shortK = false;
        boolean any = false;
        while (true) {
            Token t = c.peek();
            if (c.atEnd() || t.kind() != Token.Kind.IDENT) break;
            String s = t.text();
            if (STORAGE.contains(s)) {
                if (s.equals("typedef")) typedef = true;
                c.next();
            } else if (QUALS.contains(s)) {
                if (s.startsWith("const") || s.startsWith("__const")) isConst = true;
                if (s.contains("volatile")) isVolatile = true;
                c.next();
            } else if (s.equals("__attribute__") || s.equals("__attribute") || s.equals("_Alignas") || s.equals("alignas")) {
                attributes(attr);
            } else if (s.equals("struct") || s.equals("union")) {
                if (any) throw c.errorAt(t, "two or more data types in declaration specifiers");
                named = record(attr);
                any = true;
            } else if (s.equals("enum")) {
                if (any) throw c.errorAt(t, "two or more data types in declaration specifiers");
                named = enumSpec();
                any = true;
            } else if (s.equals("long")) {
                longs++;
                any = true;
                c.next();
            } else if (s.equals("short")) {
                shortK = true;
                any = true;
                c.next();
            } else if (s.equals("signed") || s.equals("__signed__") || s.equals("__signed")) {
                signed = true;
                any = true;
                c.next();
            } else if (s.equals("unsigned")) {
                unsigned = true;
                any = true;
                c.next();
            } else if (s.equals("void") || s.equals("char") || s.equals("int") || s.equals("_Bool") || s.equals("float")
                    || s.equals("double") || s.equals("__int128")) {
                if (base != null && !(base.equals("int") || s.equals("int"))) {
                    throw c.errorAt(t, "two or more data types in declaration specifiers");
                }
                if (base == null || base.equals("int")) base = s;
                any = true;
                c.next();
            } else if (!any && isTypedefName(t)) {
                named = scope.typedef(s);
                any = true;
                c.next();
            } else if (s.equals("typeof") || s.equals("__typeof__") || s.equals("__typeof")) {
                throw c.errorAt(t, "typeof is not supported by the layout engine");
            } else {
                if (!any) {
                    if (c.peek(1).kind() == Token.Kind.IDENT || c.peek(1).is("*") || c.peek(1).is("(")
                            || c.peek(1).is(";") || c.peek(1).is(":")) {
                        throw c.errorAt(t, "unknown type name '" + s + "'");
                    }
                    throw c.error(member ? "expected specifier-qualifier-list" : "expected identifier or '('");
                }
                break;
            }
        }
        if (!any) {
            if (c.atEnd() || first == c.peek()) {
                throw c.error(member ? "expected specifier-qualifier-list" : "expected identifier or '('");
            }
            // "const x;" style implicit int is not kernel C
            throw c.error("expected specifier-qualifier-list");
        }
        CType type = named != null ? named : prim(base, longs, shortK, signed, unsigned, first);
        if (named != null && (longs > 0 || shortK || signed || unsigned || base != null)) {
            throw c.errorAt(first, "two or more data types in declaration specifiers");
        }
        if (isConst || isVolatile) type = new CType.Qual(type, isConst, isVolatile);
        return new Spec(type, typedef, attr, first);
    }

    private CType prim(String base, int longs, boolean shortK, boolean signed, boolean unsigned, Token at) {
        if (base == null) base = "int";
        String u = unsigned ? "unsigned " : "";
        int w = abi.wordSize();
        return switch (base) {
            case "void" -> new CType.Prim("void", 1, 1, false);
            case "_Bool" -> new CType.Prim("_Bool", 1, 1, true);
            case "char" -> new CType.Prim(unsigned ? "unsigned char" : signed ? "signed char" : "char", 1, 1, true);
            case "float" -> new CType.Prim("float", 4, 4, false);
            case "double" -> longs > 0
                ? (abi == Abi.LP64 ? new CType.Prim("long double", 16, 16, false) : new CType.Prim("long double", 12, 4, false))
                : new CType.Prim("double", 8, abi.align8(), false);
            case "__int128" -> {
                if (abi == Abi.ILP32) throw c.errorAt(at, "'__int128' is not supported on this target");
                yield new CType.Prim(unsigned ? "__int128 unsigned" : "__int128", 16, 16, true);
            }
            default -> {
                if (shortK) yield new CType.Prim(unsigned ? "short unsigned int" : "short int", 2, 2, true);
                if (longs == 1) yield new CType.Prim(unsigned ? "long unsigned int" : "long int", w, w, true);
                if (longs >= 2) yield new CType.Prim(unsigned ? "long long unsigned int" : "long long int", 8, abi.align8(), true);
                yield new CType.Prim(u + "int", 4, 4, true);
            }
        };
    }

    // ---- attributes -----------------------------------------------------------------------

    /** Reads any run of __attribute__((...)) / _Alignas(...) into {@code into}. */
    private void attributes(Attr into) {
        while (true) {
            Token at = c.peek();
            if (c.atEnd() || at.kind() != Token.Kind.IDENT || !mayStartAttribute(at.text())) return;
            if (c.is("__attribute__") || c.is("__attribute")) {
                c.next();
                c.expect("(");
                c.expect("(");
                while (!c.is(")")) {
                    if (c.atEnd()) throw c.error("expected ')' to close '__attribute__'"); // else a loop at end of input
                    if (c.accept(",")) continue;
                    Token name = c.next();
                    String n = name.text();
                    if (n.startsWith("__") && n.endsWith("__") && n.length() > 4) n = n.substring(2, n.length() - 2);
                    if (n.equals("aligned")) {
                        if (c.accept("(")) {
                            long v = new ConstExpr(c, this).foldingShifts().conditional();
                            c.expect(")");
                            // aligned(0): gcc warns that it is not a power of 2 and ignores it
                            if (v != 0) checkAlignment(name, v);
                            into.aligned = (int) Math.max(into.aligned, v);
                        } else {
                            into.aligned = Math.max(into.aligned, 16); // x86 __BIGGEST_ALIGNMENT__
                        }
                    } else if (n.equals("packed")) {
                        into.packed = true;
                    } else if (c.is("(")) {
                        skipBalanced();
                    }
                }
                c.expect(")");
                c.expect(")");
            } else if (c.is("_Alignas") || c.is("alignas")) {
                c.next();
                c.expect("(");
                Token valueAt = c.peek();
                long v;
                if (startsTypeName(c.peek())) v = Types.align(typeName(), abi);
                else v = new ConstExpr(c, this).conditional();
                c.expect(")");
                if (v != 0) checkAlignment(valueAt, v); // _Alignas(0) has no effect
                into.aligned = (int) Math.max(into.aligned, v);
            } else {
                return;
            }
        }
    }

    /** gcc's checks on an alignment: a power of two no larger than 2^28. */
    private void checkAlignment(Token at, long v) {
        if (v <= 0 || Long.bitCount(v) != 1) throw c.errorAt(at, "requested alignment '" + v + "' is not a positive power of 2");
        if (v > Abi.MAX_ALIGN) throw c.errorAt(at, "requested alignment '" + v + "' exceeds maximum " + Abi.MAX_ALIGN);
    }

    /** A quick no for the common case (called before and after every declarator and specifier). */
    private static boolean mayStartAttribute(String s) {
        return s.length() >= 7 && (s.charAt(0) == '_' || s.charAt(0) == 'a');
    }

    // ---- struct / union / enum ------------------------------------------------------------

    private CType record(Attr outer) {
        Token kw = c.peek();
        c.enter(kw, "struct or union definitions");
        try {
            return recordBody(outer);
        } finally {
            c.leave();
        }
    }

    private CType recordBody(Attr outer) {
        Token kw = c.next();
        boolean union = kw.text().equals("union");
        Attr attr = new Attr();
        attributes(attr);
        Token tag = null;
        if (c.peek().kind() == Token.Kind.IDENT && !c.is("__attribute__")) tag = c.next();
        attributes(attr);
        if (!c.is("{")) {
            if (tag == null) throw c.error("expected '{'");
            Object o = scope.tag(tag.text());
            if (o instanceof CType.RecordDef d) {
                if (d.union != union) throw c.errorAt(tag, "'" + tag.text() + "' defined as wrong kind of tag");
                if (c.is(";") && scope.tags.get(tag.text()) == null) {
                    // "struct foo;" declares a new tag in this header, shadowing the prelude's
                    CType.RecordDef nd = new CType.RecordDef(tag.text(), union, tag);
                    scope.tags.put(tag.text(), nd);
                    return new CType.Rec(nd);
                }
                return new CType.Rec(d);
            }
            if (o != null) throw c.errorAt(tag, "'" + tag.text() + "' defined as wrong kind of tag");
            CType.RecordDef d = new CType.RecordDef(tag.text(), union, tag);
            scope.tags.put(tag.text(), d);
            return new CType.Rec(d);
        }
        CType.RecordDef def;
        if (tag != null) {
            Object o = scope.tags.get(tag.text());
            if (o instanceof CType.RecordDef d && !d.complete() && d.union == union) {
                def = d;
            } else if (o != null) {
                if (o instanceof CType.RecordDef d && d.union == union) {
                    throw c.errorAt(tag, "redefinition of '" + kw.text() + " " + tag.text() + "'");
                }
                throw c.errorAt(tag, "'" + tag.text() + "' defined as wrong kind of tag");
            } else {
                def = new CType.RecordDef(tag.text(), union, tag);
                scope.tags.put(tag.text(), def);
            }
        } else {
            def = new CType.RecordDef(null, union, kw);
        }
        c.expect("{");
        List<Field> fields = new ArrayList<>();
        while (!c.is("}")) {
            if (c.atEnd()) throw c.error("expected specifier-qualifier-list");
            memberDeclaration(fields);
        }
        c.next();
        attributes(attr);
        Token loc = tag != null ? tag : kw;
        def.layout = layout(def, fields, attr, loc);
        scope.structAttrs.put(def.layout, attr);
        if (tag != null) {
            scope.order.add(def.layout);
            scope.byName.put(tag.text(), def.layout);
        }
        return new CType.Rec(def);
    }

    private void memberDeclaration(List<Field> fields) {
        if (c.accept(";")) return;
        if (staticAssert()) return;
        Spec spec = specifiers(true);
        if (spec.typedef()) throw c.errorAt(spec.first(), "expected specifier-qualifier-list before 'typedef'");
        if (c.is(";")) {
            Token semi = c.next();
            CType s = Types.strip(spec.type());
            if (s instanceof CType.Rec r && r.def().tag == null) {
                fields.add(new Field(null, spec.first(), spec.type(), -1, spec.attr()));
            } else if (!(s instanceof CType.Rec || s instanceof CType.Enm)) {
                throw c.errorAt(semi, "declaration does not declare anything");
            }
            return;
        }
        while (true) {
            Decl d;
            CType t;
            Token name;
            if (c.is(":")) {
                d = new Decl();
                t = spec.type();
                name = null;
            } else {
                d = declarator(false);
                t = apply(d, spec.type());
                name = d.nameTok();
                if (name == null) throw c.error("expected identifier or '('");
            }
            int width = -1;
            Token colon = c.peek();
            if (c.accept(":")) {
                long w = new ConstExpr(c, this).conditional();
                String what = name == null ? "" : " '" + name.text() + "'";
                Token at = name == null ? colon : name;
                if (!Types.integer(t)) throw c.errorAt(at, "bit-field" + what + " has invalid type");
                if (w < 0) throw c.errorAt(at, "negative width in bit-field" + what);
                if (w == 0 && name != null) throw c.errorAt(at, "zero width for bit-field" + what);
                long maxWidth = Types.strip(t) instanceof CType.Prim p && p.name().equals("_Bool") ? 1 : Types.size(t, abi) * 8;
                if (w > maxWidth) throw c.errorAt(at, "width of" + (name == null ? " bit-field" : what) + " exceeds its type");
                width = (int) w;
            }
            attributes(d.attr);
            Attr a = new Attr();
            a.add(spec.attr());
            a.add(d.attr);
            Token loc = name != null ? name : colon;
            checkField(name, t, fields);
            fields.add(new Field(name, loc, t, width, a));
            if (c.accept(",")) continue;
            if (c.is("}")) return; // gcc only warns: "no semicolon at end of struct or union"
            if (!c.is(";")) throw c.error("expected ':', ',', ';', '}' or '__attribute__'");
            c.next();
            return;
        }
    }

    private void checkField(Token name, CType t, List<Field> fields) {
        if (name == null) return;
        CType s = Types.strip(t);
        if (s instanceof CType.Func) throw c.errorAt(name, "field '" + name.text() + "' declared as a function");
        if (s instanceof CType.Arr a && !Types.complete(a.elem())) {
            throw c.errorAt(name, "array type has incomplete element type '" + Types.name(a.elem()) + "'");
        }
        if (!(s instanceof CType.Arr a2 && a2.count() < 0) && !Types.complete(t)) {
            throw c.errorAt(name, "field '" + name.text() + "' has incomplete type");
        }
        if (!fields.isEmpty()) {
            Field last = fields.get(fields.size() - 1);
            if (Types.strip(last.type()) instanceof CType.Arr la && la.count() < 0 && last.name() != null) {
                throw c.errorAt(last.name(), "flexible array member not at end of struct");
            }
        }
    }

    private CType enumSpec() {
        c.next();
        Attr attr = new Attr();
        attributes(attr);
        Token tag = null;
        if (c.peek().kind() == Token.Kind.IDENT) tag = c.next();
        attributes(attr);
        if (!c.accept("{")) {
            if (tag == null) throw c.error("expected '{'");
            Object o = scope.tag(tag.text());
            if (o instanceof CType.Enm e) return e;
            CType.Enm e = new CType.Enm(tag.text(), 4, 4, false);
            scope.tags.put(tag.text(), e);
            return e;
        }
        long next = 0;
        long min = 0;
        long max = 0;
        while (!c.accept("}")) {
            Token n = c.next();
            if (n.kind() != Token.Kind.IDENT) throw c.errorAt(n, "expected identifier before " + n.describe());
            attributes(new Attr());
            if (c.accept("=")) next = new ConstExpr(c, this).conditional();
            scope.enumerators.put(n.text(), next);
            min = Math.min(min, next);
            max = Math.max(max, next);
            next++;
            if (!c.accept(",") && !c.is("}")) throw c.error("expected ',' or '}'");
        }
        attributes(attr);
        long size = 4;
        if (attr.packed) size = (min >= -128 && max <= 255) ? 1 : (min >= -32768 && max <= 65535) ? 2 : 4;
        if (min < Integer.MIN_VALUE || max > 0xffffffffL) size = 8;
        int align = (int) (size == 8 ? abi.align8() : size);
        CType.Enm e = new CType.Enm(tag == null ? null : tag.text(), size, align, true);
        if (tag != null) scope.tags.put(tag.text(), e);
        return e;
    }

    // ---- declarators ----------------------------------------------------------------------

    private Decl declarator(boolean abstractOk) {
        Decl d = new Decl();
        while (c.accept("*")) {
            boolean[] q = new boolean[2];
            while (true) {
                if (c.is("const") || c.is("__const")) {
                    q[0] = true;
                    c.next();
                } else if (c.is("volatile") || c.is("__volatile__") || c.is("__volatile")) {
                    q[1] = true;
                    c.next();
                } else if (c.is("restrict") || c.is("__restrict") || c.is("__restrict__") || c.is("_Atomic")) {
                    c.next();
                } else if (c.is("__attribute__") || c.is("__attribute")) {
                    attributes(new Attr());
                } else {
                    break;
                }
            }
            d.ptrs.add(q);
        }
        attributes(d.attr);
        if (c.is("(") && (c.peek(1).is("*") || c.peek(1).is("(") || c.peek(1).is("__attribute__")
                || (c.peek(1).kind() == Token.Kind.IDENT && !startsTypeName(c.peek(1)) && !abstractOk)
                || (abstractOk && c.peek(1).is("[")))) {
            c.enter(c.next(), "declarators");
            try {
                d.inner = declarator(abstractOk);
            } finally {
                c.leave();
            }
            c.expect(")");
        } else if (c.peek().kind() == Token.Kind.IDENT && !c.is("__attribute__") && !(abstractOk && startsTypeName(c.peek()))) {
            d.name = c.next();
        }
        while (true) {
            Token at = c.peek();
            if (c.accept("[")) {
                long n = -1;
                while (c.is("static") || c.is("const") || c.is("restrict")) c.next();
                if (!c.is("]")) {
                    n = new ConstExpr(c, this).conditional();
                    if (n < 0) {
                        Token nm = d.nameTok();
                        throw c.errorAt(nm != null ? nm : at, "size of array " + (nm != null ? "'" + nm.text() + "' " : "") + "is negative");
                    }
                }
                c.expect("]");
                d.suffixes.add(n);
                d.suffixAt.add(at);
            } else if (c.is("(")) {
                c.next();
                d.suffixes.add(params());
                d.suffixAt.add(at);
            } else {
                break;
            }
        }
        return d;
    }

    private List<String> params() {
        List<String> ps = new ArrayList<>();
        if (c.accept(")")) return ps;
        while (true) {
            if (c.accept("...")) {
                ps.add("...");
            } else {
                Spec s = specifiers(false);
                Decl d = declarator(true);
                attributes(new Attr());
                CType t = apply(d, s.type());
                ps.add(Types.name(t));
            }
            if (c.accept(")")) return ps;
            if (!c.accept(",")) throw c.error("expected ';', ',' or ')'");
        }
    }

    @SuppressWarnings("unchecked")
    private CType apply(Decl d, CType base) {
        CType t = base;
        for (boolean[] q : d.ptrs) {
            t = new CType.Ptr(t);
            if (q[0] || q[1]) t = new CType.Qual(t, q[0], q[1]);
        }
        for (int k = d.suffixes.size() - 1; k >= 0; k--) {
            Object s = d.suffixes.get(k);
            if (s instanceof Long n) {
                if (Types.strip(t) instanceof CType.Func) throw c.errorAt(d.suffixAt.get(k), "declaration of array of functions");
                checkArraySize(d, k, n, t);
                t = new CType.Arr(t, n);
            } else {
                t = new CType.Func(t, (List<String>) s);
            }
        }
        if (d.inner != null) t = apply(d.inner, t);
        return t;
    }

    /** gcc's limits on an array's size: the count and the bytes within the largest object (checked arithmetic). */
    private void checkArraySize(Decl d, int k, long n, CType elem) {
        if (n <= 0) return;
        Token nm = d.nameTok();
        Token at = nm != null ? nm : d.suffixAt.get(k);
        String what = nm != null ? "'" + nm.text() + "' " : "";
        long max = abi.maxObjectSize();
        if (n > max) throw c.errorAt(at, "size of array " + what + "is too large");
        long bytes;
        try {
            bytes = Math.multiplyExact(n, Types.size(elem, abi));
        } catch (ArithmeticException e) {
            throw c.errorAt(at, "size of array " + what + "exceeds maximum object size '" + max + "'");
        }
        if (bytes > max) throw c.errorAt(at, "size '" + bytes + "' of array " + what + "exceeds maximum object size '" + max + "'");
    }

    private CType typeName() {
        Spec s = specifiers(false);
        Decl d = declarator(true);
        if (d.nameTok() != null) throw c.errorAt(d.nameTok(), "expected ')' before '" + d.nameTok().text() + "'");
        return apply(d, s.type());
    }

    @Override
    public CType castType(Cursor cur) {
        return typeName();
    }

    @Override
    public int longBits() {
        return abi.wordSize() * 8;
    }

    // ---- constant-expression hook ---------------------------------------------------------

    @Override
    public Long primary(Cursor cur) {
        Token t = c.peek();
        if (t.kind() != Token.Kind.IDENT) return null;
        switch (t.text()) {
            case "sizeof" -> {
                c.next();
                if (c.is("(") && startsTypeName(c.peek(1))) {
                    c.next();
                    CType ty = typeName();
                    c.expect(")");
                    if (!Types.complete(ty)) throw c.errorAt(t, "invalid application of 'sizeof' to incomplete type '" + Types.name(ty) + "'");
                    return Types.size(ty, abi);
                }
                CType ty = exprType();
                if (!Types.complete(ty)) throw c.errorAt(t, "invalid application of 'sizeof' to incomplete type '" + Types.name(ty) + "'");
                return Types.size(ty, abi);
            }
            case "_Alignof", "__alignof__", "__alignof", "alignof" -> {
                c.next();
                c.expect("(");
                CType ty = typeName();
                c.expect(")");
                return (long) Types.align(ty, abi);
            }
            case "__builtin_constant_p" -> {
                // 1 when its operand is an integer constant expression, else 0 (gcc folds it so here)
                c.next();
                Token open = c.expect("(");
                int from = c.pos;
                boolean constant;
                try {
                    new ConstExpr(c, this).conditional();
                    constant = c.is(")");
                } catch (memdesc.steps.InputException e) {
                    constant = false;
                }
                c.pos = from;
                for (int depth = 0; !(depth == 0 && c.is(")")); ) {
                    if (c.atEnd()) throw c.errorAt(open, "expected ')' to close '__builtin_constant_p'");
                    Token x = c.next();
                    if (x.is("(")) depth++;
                    else if (x.is(")")) depth--;
                }
                c.expect(")");
                return constant ? 1L : 0L;
            }
            case "__builtin_offsetof", "offsetof" -> {
                c.next();
                c.expect("(");
                CType ty = typeName();
                c.expect(",");
                long v = offsetof(ty);
                c.expect(")");
                return v;
            }
            default -> {
                Long v = scope.enumerator(t.text());
                if (v != null) {
                    c.next();
                    return v;
                }
                return null;
            }
        }
    }

    /**
     * The type of a sizeof operand: casts, *, &, -> . [] on constants, which is what the
     * kernel's sizeof_field(TYPE, MEMBER) expands to. Values are not computed.
     */
    private CType exprType() {
        c.enter(c.peek(), "expressions");
        try {
            return exprTypeAt();
        } finally {
            c.leave();
        }
    }

    private CType exprTypeAt() {
        if (c.accept("*")) {
            Token at = c.peek();
            CType s = Types.strip(exprType());
            if (s instanceof CType.Ptr p) return p.target();
            if (s instanceof CType.Arr a) return a.elem();
            throw c.errorAt(at, "invalid type argument of unary '*'");
        }
        if (c.accept("&")) return new CType.Ptr(exprType());
        if (c.is("(") && startsTypeName(c.peek(1))) {
            c.next();
            CType t = typeName();
            c.expect(")");
            exprType();
            return t;
        }
        CType t;
        Token first = c.peek();
        if (c.accept("(")) {
            t = exprType();
            c.expect(")");
        } else if (first.kind() == Token.Kind.NUMBER && ConstExpr.floating(first.text())) {
            c.next();
            String n = first.text().toLowerCase();
            boolean hex = n.startsWith("0x");
            t = n.endsWith("l") ? prim("double", 1, false, false, false, first)
                : n.endsWith("f") && !hex ? prim("float", 0, false, false, false, first) : prim("double", 0, false, false, false, first);
        } else if (first.kind() == Token.Kind.NUMBER || first.kind() == Token.Kind.CHAR) {
            // the constant's own type (an int, or a long when its value needs one): its value decides
            new ConstExpr(c, this).conditionalPrimaryType();
            t = constType(c.lastConstType, first);
        } else if (first.kind() == Token.Kind.STRING
                || first.kind() == Token.Kind.IDENT && ConstExpr.isPrefix(first.text()) && !c.peek(1).space()
                    && (c.peek(1).kind() == Token.Kind.STRING || c.peek(1).kind() == Token.Kind.CHAR)) {
            t = literalType();
        } else if (first.kind() == Token.Kind.IDENT && scope.enumerator(first.text()) != null) {
            c.next();
            t = prim("int", 0, false, false, false, first);
        } else if (first.kind() == Token.Kind.IDENT) {
            throw c.errorAt(first, "'" + first.text() + "' undeclared here (not in a function)");
        } else {
            throw c.error("expected expression");
        }
        while (true) {
            Token op = c.peek();
            if (c.accept("->") || c.accept(".")) {
                Token n = c.next();
                CType s = Types.strip(t);
                if (op.is("->")) {
                    if (!(s instanceof CType.Ptr p)) throw c.errorAt(op, "invalid type argument of '->'");
                    s = Types.strip(p.target());
                }
                if (!(s instanceof CType.Rec r) || !r.def().complete()) {
                    throw c.errorAt(n, "request for member '" + n.text() + "' in something not a structure or union");
                }
                Object[] hit = lookup(r.def().layout, n.text(), 0);
                if (hit == null) throw c.errorAt(n, "'" + Types.name(s) + "' has no member named '" + n.text() + "'");
                t = scope.memberType((Member) hit[0]);
            } else if (c.accept("[")) {
                new ConstExpr(c, this).conditional();
                c.expect("]");
                CType s = Types.strip(t);
                if (s instanceof CType.Arr a) t = a.elem();
                else if (s instanceof CType.Ptr p) t = p.target();
                else throw c.errorAt(op, "subscripted value is neither array nor pointer nor vector");
            } else {
                return t;
            }
        }
    }

    private CType constType(int type, Token at) {
        boolean uns = (type & 1) != 0, wide = (type & 2) != 0;
        if (!wide) return prim("int", 0, false, false, uns, at);
        return abi.wordSize() == 8 ? prim("int", 1, false, false, uns, at) : prim("int", 2, false, false, uns, at);
    }

    /**
     * The type of a string literal (adjacent ones concatenated, as in translation phase 6) or of a prefixed
     * character constant: an array of char, wchar_t (L), char16_t (u), char32_t (U) or char (u8) holding
     * the characters and a terminating zero.
     */
    private CType literalType() {
        String prefix = "";
        long chars = 0;
        boolean any = false;
        while (true) {
            Token t = c.peek();
            String p = "";
            if (t.kind() == Token.Kind.IDENT && ConstExpr.isPrefix(t.text()) && !c.peek(1).space()
                    && (c.peek(1).kind() == Token.Kind.STRING || c.peek(1).kind() == Token.Kind.CHAR)) {
                p = t.text();
                if (!any && c.peek(1).kind() == Token.Kind.CHAR) {
                    c.next();
                    c.next();
                    return p.equals("u8") ? prim("char", 0, false, false, true, t)
                        : p.equals("u") ? prim("int", 0, true, false, true, t) : prim("int", 0, false, false, p.equals("U"), t);
                }
                if (c.peek(1).kind() != Token.Kind.STRING) break;
                c.next();
                t = c.peek();
            } else if (t.kind() != Token.Kind.STRING) {
                break;
            }
            c.next();
            if (!p.isEmpty() && !p.equals("u8")) {
                if (!prefix.isEmpty() && !prefix.equals(p)) throw c.errorAt(t, "unsupported non-standard concatenation of string literals");
                prefix = p;
            }
            chars += literalLength(t, p);
            any = true;
        }
        CType elem = switch (prefix) {
            case "u" -> prim("int", 0, true, false, true, null);
            case "U" -> prim("int", 0, false, false, true, null);
            case "L" -> prim("int", 0, false, false, false, null);
            default -> prim("char", 0, false, false, false, null);
        };
        return new CType.Arr(elem, chars + 1);
    }

    /** How many characters (of the literal's kind; bytes of UTF-8 for a plain or u8 one) a string literal holds. */
    private static long literalLength(Token t, String prefix) {
        String s = t.text().substring(1, t.text().length() - 1);
        long n = 0;
        boolean bytes = prefix.isEmpty() || prefix.equals("u8");
        for (int i = 0; i < s.length(); ) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                n += bytes ? new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    : prefix.equals("u") && cp > 0xffff ? 2 : 1;
                continue;
            }
            char e = i + 1 < s.length() ? s.charAt(i + 1) : '\\';
            i += 2;
            if (e == 'x') {
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) i++;
            } else if (e >= '0' && e <= '7') {
                for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) i++;
            } else if (e == 'u' || e == 'U') {
                int len = e == 'u' ? 4 : 8;
                int st = i;
                while (i < s.length() && i - st < len && Character.digit(s.charAt(i), 16) >= 0) i++;
                int cp = (int) Long.parseLong("0" + s.substring(st, i), 16);
                if (bytes) {
                    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                    continue;
                }
                if (prefix.equals("u") && cp > 0xffff) n++;
            }
            n++;
        }
        return n;
    }

    private long offsetof(CType ty) {
        long off = 0;
        CType cur = ty;
        boolean first = true;
        while (true) {
            if (first || c.accept(".")) {
                Token n = c.next();
                if (n.kind() != Token.Kind.IDENT) throw c.errorAt(n, "expected identifier before " + n.describe());
                CType s = Types.strip(cur);
                if (!(s instanceof CType.Rec r) || !r.def().complete()) {
                    throw c.errorAt(n, "request for member '" + n.text() + "' in something not a structure or union");
                }
                Object[] hit = lookup(r.def().layout, n.text(), 0);
                if (hit == null) throw c.errorAt(n, "'" + Types.name(s) + "' has no member named '" + n.text() + "'");
                Member m = (Member) hit[0];
                if (m.bitfield()) throw c.errorAt(n, "attempt to take address of bit-field structure member '" + n.text() + "'");
                off += (Long) hit[1];
                cur = scope.memberType(m);
                first = false;
            } else if (c.is("[")) {
                Token at = c.next();
                long idx = new ConstExpr(c, this).conditional();
                c.expect("]");
                CType s = Types.strip(cur);
                if (!(s instanceof CType.Arr a)) throw c.errorAt(at, "subscripted value is neither array nor pointer nor vector");
                try {
                    off = Math.addExact(off, Math.multiplyExact(idx, Types.size(a.elem(), abi)));
                } catch (ArithmeticException e) {
                    throw c.errorAt(at, "integer overflow in offsetof");
                }
                cur = a.elem();
            } else {
                return off;
            }
        }
    }


    private static Object[] lookup(StructLayout s, String name, long base) {
        for (Member m : s.members()) {
            if (name.equals(m.name())) return new Object[] {m, base + m.offset()};
            if (m.name() == null && m.nested() != null) {
                Object[] r = lookup(m.nested(), name, base + m.offset());
                if (r != null) return r;
            }
        }
        return null;
    }

    // ---- _Static_assert -------------------------------------------------------------------

    private boolean staticAssert() {
        if (!(c.is("_Static_assert") || c.is("static_assert"))) return false;
        Token kw = c.next();
        c.expect("(");
        long v = new ConstExpr(c, this).conditional();
        StringBuilder msg = new StringBuilder();
        if (c.accept(",")) {
            while (c.peek().kind() == Token.Kind.STRING) {
                String s = c.next().text();
                if (msg.length() > 0) msg.setLength(msg.length() - 1);
                else msg.append('"');
                msg.append(s, 1, s.length());
            }
        }
        c.expect(")");
        c.expect(";");
        if (v == 0) throw c.errorAt(kw, "static assertion failed" + (msg.length() > 0 ? ": " + msg : ""));
        return true;
    }

    // ---- skipping -------------------------------------------------------------------------

    private void skipBalanced() {
        Token open = c.next();
        String close = open.is("{") ? "}" : open.is("(") ? ")" : "]";
        int depth = 1;
        while (depth > 0) {
            if (c.atEnd()) throw c.errorAt(open, "expected '" + close + "' at end of input");
            Token t = c.next();
            if (t.is("{") || t.is("(") || t.is("[")) depth++;
            if (t.is("}") || t.is(")") || t.is("]")) depth--;
        }
    }

    private void skipInitializer() {
        while (!c.atEnd() && !c.is(",") && !c.is(";")) {
            if (c.is("{") || c.is("(") || c.is("[")) skipBalanced();
            else c.next();
        }
    }

    // ---- layout (gcc's x86 rules) ---------------------------------------------------------

    private StructLayout layout(CType.RecordDef def, List<Field> fields, Attr structAttr, Token loc) {
        try {
            return layoutChecked(def, fields, structAttr, loc);
        } catch (ArithmeticException e) {
            // positions are kept in bits, so this engine stops at 2^60 bytes (gcc: PTRDIFF_MAX); same message
            throw c.errorAt(loc, "type '" + def.kw() + (def.tag == null ? "" : " " + def.tag) + "' is too large");
        }
    }

    /** {@link #layout} in checked arithmetic: an overflow is an ArithmeticException. */
    private StructLayout layoutChecked(CType.RecordDef def, List<Field> fields, Attr structAttr, Token loc) {
        Set<String> seen = new HashSet<>();
        for (Field f : fields) names(f, seen);
        boolean packed = structAttr.packed;
        long bitpos = 0;
        long maxBits = 0;
        int recAlign = 1;
        List<Member> members = new ArrayList<>();
        for (Field f : fields) {
            CType t = f.type();
            long tSize = Types.size(t, abi);
            int tAlign = Types.align(t, abi);
            int user = f.attr().aligned;
            boolean fPacked = packed || f.attr().packed;
            long start;
            if (f.width() >= 0) {
                long w = f.width();
                if (def.union) bitpos = 0;
                if (w == 0) {
                    // an unnamed :0 aligns the next field to its type but not the struct (x86)
                    bitpos = roundUp(bitpos, tAlign * 8L);
                    maxBits = Math.max(maxBits, bitpos);
                    continue;
                }
                if ((!fPacked || tAlign == 1) && user == 0) {
                    long unit = tAlign * 8L;
                    long inUnit = bitpos % unit;
                    if ((inUnit + w + unit - 1) / unit > (tSize * 8) / unit) bitpos = roundUp(bitpos, unit);
                }
                if (user > 0) bitpos = roundUp(bitpos, user * 8L);
                start = bitpos;
                bitpos += w;
                if (f.name() != null) recAlign = Math.max(recAlign, Math.max(fPacked ? 1 : tAlign, user));
                long unitBytes = Math.max(1, tSize);
                // the storage unit as DWARF/pahole name it: start bit rounded down to the type's size
                long unitOff = (start / (unitBytes * 8)) * unitBytes;
                if (f.name() != null) {
                    members.add(member(f, unitOff, tSize, tAlign, (int) (start - unitOff * 8), (int) w));
                }
            } else {
                int a = fPacked ? Math.max(1, user) : Math.max(tAlign, user);
                if (def.union) bitpos = 0;
                bitpos = roundUp(bitpos, a * 8L);
                start = bitpos;
                bitpos = Math.addExact(bitpos, Math.multiplyExact(tSize, 8L));
                recAlign = Math.max(recAlign, a);
                members.add(member(f, start / 8, tSize, a, -1, -1));
            }
            maxBits = Math.max(maxBits, bitpos);
        }
        int align = Math.max(recAlign, structAttr.aligned);
        long size = roundUp((maxBits + 7) / 8, align);
        if (size > abi.maxObjectSize()) throw new ArithmeticException("too large");
        return new StructLayout(def.tag, def.union, size, align, members, loc.line(), loc.col());
    }

    private Member member(Field f, long offset, long size, int align, int bitOff, int width) {
        CType s = Types.strip(f.type());
        StructLayout nested = s instanceof CType.Rec r ? r.def().layout : null;
        Member m = new Member(f.name() == null ? null : f.name().text(), Types.name(f.type()), offset, size, align,
            bitOff, width, nested);
        scope.memberTypes.put(m, f.type());
        scope.memberAttrs.put(m, f.attr());
        return m;
    }

    private void names(Field f, Set<String> seen) {
        if (f.name() != null) {
            if (!seen.add(f.name().text())) throw c.errorAt(f.name(), "duplicate member '" + f.name().text() + "'");
            return;
        }
        if (f.width() >= 0) return;
        StructLayout l = ((CType.Rec) Types.strip(f.type())).def().layout;
        collect(l, seen, f.loc());
    }

    private void collect(StructLayout l, Set<String> seen, Token at) {
        for (Member m : l.members()) {
            if (m.name() == null) {
                if (m.nested() != null) collect(m.nested(), seen, at);
            } else if (!seen.add(m.name())) {
                throw c.errorAt(at, "duplicate member '" + m.name() + "'");
            }
        }
    }

    private static long roundUp(long v, long a) {
        return a <= 1 ? v : Math.addExact(v, a - 1) / a * a;
    }

    Scope scope() {
        return scope;
    }
}
