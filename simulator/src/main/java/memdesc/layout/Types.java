package memdesc.layout;

/** Size, alignment and pahole-style names of types. */
final class Types {
    private Types() { }

    static CType strip(CType t) {
        while (true) {
            if (t instanceof CType.Named n) t = n.target();
            else if (t instanceof CType.Qual q) t = q.t();
            else return t;
        }
    }

    static boolean complete(CType t) {
        CType s = strip(t);
        if (s instanceof CType.Rec r) return r.def().complete();
        if (s instanceof CType.Enm e) return e.complete();
        if (s instanceof CType.Prim p) return !p.name().equals("void");
        if (s instanceof CType.Arr a) return a.count() >= 0 && complete(a.elem());
        return !(s instanceof CType.Func);
    }

    static long size(CType t, Abi abi) {
        if (t instanceof CType.Prim p) return p.size();
        if (t instanceof CType.Ptr) return abi.wordSize();
        if (t instanceof CType.Arr a) return a.count() < 0 ? 0 : a.count() * size(a.elem(), abi);
        if (t instanceof CType.Rec r) return r.def().layout == null ? 0 : r.def().layout.size();
        if (t instanceof CType.Enm e) return e.size();
        if (t instanceof CType.Named n) return size(n.target(), abi);
        if (t instanceof CType.Qual q) return size(q.t(), abi);
        return 1; // function: gcc's sizeof extension
    }

    static int align(CType t, Abi abi) {
        if (t instanceof CType.Prim p) return p.align();
        if (t instanceof CType.Ptr) return abi.wordSize();
        if (t instanceof CType.Arr a) return align(a.elem(), abi);
        if (t instanceof CType.Rec r) return r.def().layout == null ? 1 : r.def().layout.align();
        if (t instanceof CType.Enm e) return e.align();
        if (t instanceof CType.Named n) return n.align() > 0 ? n.align() : align(n.target(), abi);
        if (t instanceof CType.Qual q) return align(q.t(), abi);
        return 1;
    }

    static boolean integer(CType t) {
        CType s = strip(t);
        return (s instanceof CType.Prim p && p.integer()) || s instanceof CType.Enm;
    }

    /** The C type as pahole prints it; a declarator name goes where {@link #declare} puts it. */
    static String name(CType t) {
        if (t instanceof CType.Prim p) return p.name();
        if (t instanceof CType.Named n) return n.name();
        if (t instanceof CType.Rec r) return r.def().tag == null ? r.def().kw() : r.def().kw() + " " + r.def().tag;
        if (t instanceof CType.Enm e) return e.tag() == null ? "enum" : "enum " + e.tag();
        if (t instanceof CType.Qual q) {
            if (q.t() instanceof CType.Ptr) return name(q.t()) + (q.isConst() ? " const" : "") + (q.isVolatile() ? " volatile" : "");
            return (q.isVolatile() ? "volatile " : "") + (q.isConst() ? "const " : "") + name(q.t());
        }
        if (t instanceof CType.Arr || t instanceof CType.Ptr || t instanceof CType.Func) {
            return derived(t, "");
        }
        throw new IllegalStateException(t.toString());
    }

    /** Declarator text around an inner part: "int (*)(int)", "char *[4]". */
    private static String derived(CType t, String inner) {
        if (t instanceof CType.Ptr p) {
            CType tg = p.target();
            if (tg instanceof CType.Func || tg instanceof CType.Arr) return derived(tg, "(*" + inner + ")");
            // a chain of plain pointers in a loop, not one call per star: "int **...*" may have 10,000 of them
            int stars = 1;
            while (tg instanceof CType.Ptr q && !(q.target() instanceof CType.Func) && !(q.target() instanceof CType.Arr)) {
                stars++;
                tg = q.target();
            }
            // pahole prints a pointer to a qualified type with two spaces: "const char  *"
            StringBuilder b = new StringBuilder(name(tg));
            b.append(tg instanceof CType.Qual q && !(q.t() instanceof CType.Ptr) ? "  *" : " *");
            for (int k = 1; k < stars; k++) b.append(" *");
            return b.append(inner).toString();
        }
        if (t instanceof CType.Arr a) {
            String dim = "[" + (a.count() < 0 ? "" : Long.toString(a.count())) + "]";
            return derived(a.elem(), inner + dim);
        }
        if (t instanceof CType.Func f) {
            return name(f.ret()) + " " + inner + "(" + String.join(", ", f.params()) + ")";
        }
        return name(t) + (inner.isEmpty() ? "" : inner.startsWith("[") ? inner : " " + inner);
    }

    /** Splits a type text into pahole's type column and the declarator with {@code name} placed in it. */
    static String[] declare(String type, String name) {
        int fp = type.indexOf("(*");
        if (fp >= 0) {
            int k = fp + 1;
            while (k < type.length() && type.charAt(k) == '*') k++;
            return new String[] {type.substring(0, fp).trim(), type.substring(fp, k) + name + type.substring(k)};
        }
        int br = type.indexOf('[');
        if (br >= 0) return new String[] {type.substring(0, br).trim(), name + type.substring(br)};
        return new String[] {type, name};
    }
}
