package memdesc.cc;

import memdesc.layout.CHeader;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file-scope pieces of C text and the names each defines; a second definition is left out. */
class CDeclsTest {
    @Test void thePreludesNamesAreItsTagsTypedefsAndEnumerators() {
        Set<String> p = CDecls.defined(CHeader.preludeSource());
        for (String n : new String[] {"struct list_head", "atomic_t", "u64", "struct callback_head", "spinlock_t", "struct spinlock", "refcount_t"})
            assertTrue(p.contains(n), n + " in " + p);
        assertFalse(p.contains("struct page"), "a declaration without a body defines nothing");
        assertEquals(Set.of("enum e", "A", "B"), CDecls.defined("enum e { A, B = 2 };"));
        assertEquals(Set.of("bh_end_io_t"), CDecls.defined("typedef void (*bh_end_io_t)(struct buffer_head *bh, int ok);"));
        assertEquals(Set.of("struct x", "x_t"), CDecls.defined("typedef struct x { int a; } __attribute__((aligned(8))) x_t;"));
    }

    @Test void aSecondDefinitionIsLeftOutAndTheRestIsKeptAsWritten() {
        String a = "/* one */\ntypedef struct { int counter; } atomic_t;\nstruct list_head { struct list_head *next, *prev; };\n#define N 3\n";
        String b = "struct list_head { struct list_head *next, *prev; };\nstruct page {\n#ifdef X\n\tint x;\n#endif\n\tstruct list_head lru;\n};\n";
        Set<String> given = new HashSet<>();
        assertEquals(a, CDecls.without(a, given, false));
        String out = CDecls.without(b, given, false);
        assertFalse(out.contains("struct list_head {"), out);
        assertTrue(out.contains("struct page {\n#ifdef X\n\tint x;\n#endif\n\tstruct list_head lru;\n};\n"), out);
        assertTrue(given.contains("struct page"));
        // with dependents, what is built on a left-out name goes too
        String c = CDecls.without("typedef int u32;\ntypedef u32 v32;\ntypedef long w;\n", new HashSet<>(Set.of("u32")), true);
        assertEquals("\ntypedef long w;\n", c);
    }
}
