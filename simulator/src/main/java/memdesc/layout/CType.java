package memdesc.layout;

import java.util.List;

/** C types as the parser builds them; sizes come from {@link Types} for a given ABI. */
sealed interface CType {
    /** A base type under its DWARF name ("long unsigned int"), as pahole prints it. */
    record Prim(String name, long size, int align, boolean integer) implements CType { }

    record Ptr(CType target) implements CType { }

    /** count -1: flexible array member. */
    record Arr(CType elem, long count) implements CType { }

    record Func(CType ret, List<String> params) implements CType { }

    record Rec(RecordDef def) implements CType { }

    record Enm(String tag, long size, int align, boolean complete) implements CType { }

    /** A typedef; align > 0 when the typedef carries an aligned attribute. */
    record Named(String name, CType target, int align) implements CType { }

    record Qual(CType t, boolean isConst, boolean isVolatile) implements CType { }

    /** A struct or union tag; completed when its body has been laid out. */
    final class RecordDef {
        final String tag;
        final boolean union;
        final Token where;
        StructLayout layout;

        RecordDef(String tag, boolean union, Token where) {
            this.tag = tag;
            this.union = union;
            this.where = where;
        }

        boolean complete() {
            return layout != null;
        }

        String kw() {
            return union ? "union" : "struct";
        }
    }
}
