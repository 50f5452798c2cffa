package memdesc.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names a header defines: tags, typedefs, enumerators. A header sees its prelude's names too. */
final class Scope {
    final Scope parent;
    final Map<String, Object> tags = new HashMap<>();          // RecordDef or CType.Enm
    final Map<String, CType> typedefs = new HashMap<>();
    final Map<String, Long> enumerators = new HashMap<>();
    final List<StructLayout> order = new ArrayList<>();
    final Map<String, StructLayout> byName = new HashMap<>();

    /** Member types, for offsetof designators that go through nested members. */
    final Map<Member, CType> memberTypes = new java.util.IdentityHashMap<>();

    /** User attributes of members and structs, and typedef'd tagless structs: pahole prints them. */
    final Map<Member, Parser.Attr> memberAttrs = new java.util.IdentityHashMap<>();
    final Map<StructLayout, Parser.Attr> structAttrs = new java.util.IdentityHashMap<>();
    final Set<StructLayout> typedefAnon = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    <K, V> V find(java.util.function.Function<Scope, Map<K, V>> map, K key) {
        for (Scope s = this; s != null; s = s.parent) {
            V v = map.apply(s).get(key);
            if (v != null) return v;
        }
        return null;
    }

    boolean isTypedefAnon(StructLayout l) {
        for (Scope s = this; s != null; s = s.parent) if (s.typedefAnon.contains(l)) return true;
        return false;
    }

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object tag(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object o = s.tags.get(name);
            if (o != null) return o;
        }
        return null;
    }

    CType typedef(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            CType t = s.typedefs.get(name);
            if (t != null) return t;
        }
        return null;
    }

    Long enumerator(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Long v = s.enumerators.get(name);
            if (v != null) return v;
        }
        return null;
    }

    CType memberType(Member m) {
        for (Scope s = this; s != null; s = s.parent) {
            CType t = s.memberTypes.get(m);
            if (t != null) return t;
        }
        return null;
    }

    StructLayout struct(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            StructLayout l = s.byName.get(name);
            if (l != null) return l;
        }
        return null;
    }
}
