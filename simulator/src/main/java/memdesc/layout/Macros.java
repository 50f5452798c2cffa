package memdesc.layout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Macro table; a header's table sees its prelude's macros unless it redefines or #undefs them. */
final class Macros {
    /** params == null: object-like. */
    record Macro(String name, List<String> params, boolean variadic, List<Token> body) { }

    private final Macros parent;
    private final Map<String, Macro> own = new HashMap<>();

    Macros(Macros parent) {
        this.parent = parent;
    }

    Macro get(String name) {
        for (Macros m = this; m != null; m = m.parent) {
            if (m.own.containsKey(name)) return m.own.get(name);
        }
        return null;
    }

    void define(Macro m) {
        own.put(m.name(), m);
    }

    void undef(String name) {
        own.put(name, null);
    }
}
