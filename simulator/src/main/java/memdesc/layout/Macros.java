package memdesc.layout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Macro table; a header's table sees its prelude's macros unless it redefines or #undefs them. */
final class Macros {
    /** params == null: object-like. */
    record Macro(String name, List<String> params, boolean variadic, List<Token> body) { }

    private final Macros parent;
    private final Map<String, Macro> own;
    /** Whether {@link #own} maps a name to null (#undef), which hides the parent's macro. */
    private boolean undefs;

    /** Non-null while this table's header is parsed: records what names resolved to in the headers before. */
    Scope.Deps deps;

    Macros(Macros parent) {
        this(parent, new HashMap<>(), false);
    }

    private Macros(Macros parent, Map<String, Macro> own, boolean undefs) {
        this.parent = parent;
        this.own = own;
        this.undefs = undefs;
    }

    /** The same macros (shared: a parsed header's table no longer changes) on top of other headers. */
    Macros rebased(Macros newParent) {
        return newParent == parent ? this : new Macros(newParent, own, undefs);
    }

    Macro get(String name) {
        Macro m = own.get(name);
        if (m != null || parent == null || (undefs && own.containsKey(name))) return m;
        m = parent.get(name);
        if (deps != null) deps.macros.put(name, m);
        return m;
    }

    void define(Macro m) {
        own.put(m.name(), m);
    }

    void undef(String name) {
        undefs = true;
        own.put(name, null);
    }
}
