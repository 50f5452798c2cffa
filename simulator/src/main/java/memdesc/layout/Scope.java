package memdesc.layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names a header defines: tags, typedefs, enumerators. A header sees its prelude's names too.
 * While its header is parsed, {@link #deps} records what each name looked up in the headers before
 * resolved to, so an identical text can later be reused on top of other headers ({@link CHeader}).
 */
final class Scope {
    final Scope parent;
    final Map<String, Object> tags;          // RecordDef or CType.Enm
    final Map<String, CType> typedefs;
    final Map<String, Long> enumerators;
    final List<StructLayout> order;
    final Map<String, StructLayout> byName;

    /** Member types, for offsetof designators that go through nested members. */
    final Map<Member, CType> memberTypes;

    /** User attributes of members and structs, and typedef'd tagless structs: pahole prints them. */
    final Map<Member, Parser.Attr> memberAttrs;
    final Map<StructLayout, Parser.Attr> structAttrs;
    final Set<StructLayout> typedefAnon;

    /** Non-null while this scope's header is parsed. */
    Deps deps;

    Scope(Scope parent) {
        this.parent = parent;
        tags = new HashMap<>();
        typedefs = new HashMap<>();
        enumerators = new HashMap<>();
        order = new ArrayList<>();
        byName = new HashMap<>();
        memberTypes = new IdentityHashMap<>();
        memberAttrs = new IdentityHashMap<>();
        structAttrs = new IdentityHashMap<>();
        typedefAnon = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** The same names (shared: a parsed header's scope no longer changes) on top of other headers. */
    private Scope(Scope parent, Scope own) {
        this.parent = parent;
        tags = own.tags;
        typedefs = own.typedefs;
        enumerators = own.enumerators;
        order = own.order;
        byName = own.byName;
        memberTypes = own.memberTypes;
        memberAttrs = own.memberAttrs;
        structAttrs = own.structAttrs;
        typedefAnon = own.typedefAnon;
    }

    Scope rebased(Scope newParent) {
        return newParent == parent ? this : new Scope(newParent, this);
    }

    /** What a parse looked up outside its own header, and what it found (null: nothing). */
    static final class Deps {
        final Map<String, Object> tags = new HashMap<>();
        final Map<String, Object> typedefs = new HashMap<>();
        final Map<String, Object> enumerators = new HashMap<>();
        final Map<String, Object> structs = new HashMap<>();
        final Map<String, Object> macros = new HashMap<>();

        /**
         * True when every name recorded resolves to the very same thing on top of {@code scope}/{@code m}.
         * Tags go first: a text is usually invalidated by a struct it embeds, and macros are the most names.
         */
        boolean holdOn(Scope scope, Macros m) {
            for (Map.Entry<String, Object> e : tags.entrySet()) if (scope.tag(e.getKey()) != e.getValue()) return false;
            for (Map.Entry<String, Object> e : structs.entrySet()) if (scope.struct(e.getKey()) != e.getValue()) return false;
            for (Map.Entry<String, Object> e : typedefs.entrySet()) if (scope.typedef(e.getKey()) != e.getValue()) return false;
            for (Map.Entry<String, Object> e : enumerators.entrySet()) if (scope.enumerator(e.getKey()) != e.getValue()) return false;
            for (Map.Entry<String, Object> e : macros.entrySet()) if (m.get(e.getKey()) != e.getValue()) return false;
            return true;
        }
    }

    Parser.Attr structAttr(StructLayout l) {
        for (Scope s = this; s != null; s = s.parent) {
            Parser.Attr a = s.structAttrs.get(l);
            if (a != null) return a;
        }
        return null;
    }

    Parser.Attr memberAttr(Member m) {
        for (Scope s = this; s != null; s = s.parent) {
            Parser.Attr a = s.memberAttrs.get(m);
            if (a != null) return a;
        }
        return null;
    }

    boolean isTypedefAnon(StructLayout l) {
        for (Scope s = this; s != null; s = s.parent) if (s.typedefAnon.contains(l)) return true;
        return false;
    }

    Object tag(String name) {
        Object o = tags.get(name);
        if (o != null || parent == null) return o;
        o = parent.tag(name);
        if (deps != null) deps.tags.put(name, o);
        return o;
    }

    CType typedef(String name) {
        CType t = typedefs.get(name);
        if (t != null || parent == null) return t;
        t = parent.typedef(name);
        if (deps != null) deps.typedefs.put(name, t);
        return t;
    }

    Long enumerator(String name) {
        Long v = enumerators.get(name);
        if (v != null || parent == null) return v;
        v = parent.enumerator(name);
        if (deps != null) deps.enumerators.put(name, v);
        return v;
    }

    CType memberType(Member m) {
        for (Scope s = this; s != null; s = s.parent) {
            CType t = s.memberTypes.get(m);
            if (t != null) return t;
        }
        return null;
    }

    StructLayout struct(String name) {
        StructLayout l = byName.get(name);
        if (l != null || parent == null) return l;
        l = parent.struct(name);
        if (deps != null) deps.structs.put(name, l);
        return l;
    }
}
