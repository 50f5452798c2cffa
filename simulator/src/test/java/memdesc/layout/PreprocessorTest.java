package memdesc.layout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conditionals, function-like macros (kconfig.h's IS_ENABLED placeholder trick, # and ##),
 * sizeof_field and line splices: the engine's choice of members must be gcc's.
 */
class PreprocessorTest {
    @TempDir Path dir;

    static final String TEXT = """
        #define NR 3
        #define TWICE(x) ((x) * 2)
        #define CAT(a, b) a ## b
        #define FIELD(n) int CAT(f_, n);
        #define LONG_MACRO(t, n) \\
        	t n; \\
        	t n ## _copy
        struct pp {
        #if defined(CONFIG_A) && !defined(CONFIG_B)
        	long only_a;
        #elif CONFIG_LEVEL >= 2 || defined CONFIG_B
        	short level2[TWICE(NR)];
        #else
        	char neither;
        #endif
        #if IS_ENABLED(CONFIG_A)
        	int a_enabled;
        #endif
        #if IS_ENABLED(CONFIG_M)
        	int m_enabled;
        #endif
        #if IS_BUILTIN(CONFIG_M)
        	int m_builtin;
        #endif
        #ifndef CONFIG_A
        	FIELD(no_a)
        #endif
        #if (1 << 4) == 16 && (7 % 4 == 3) && -1 < 0 && ~0 == -1 && (0 ? 1 : 2) == 2
        	LONG_MACRO(unsigned char, arith_ok);
        #endif
        	char buf[sizeof_field(struct list_head, next) + NR];
        };
        """;

    private static StructLayout layout(Map<String, String> defs) {
        return CHeader.parse("pp.h", TEXT, Abi.LP64, defs).struct("pp").orElseThrow();
    }

    @Test
    void choosesTheMembersTheDefinesSelect() {
        StructLayout a = layout(Map.of("CONFIG_A", "1"));
        assertTrue(a.find("only_a").isPresent());
        assertTrue(a.find("a_enabled").isPresent());
        assertTrue(a.find("f_no_a").isEmpty());
        assertEquals(11, a.find("buf").orElseThrow().size());
        StructLayout b = layout(Map.of("CONFIG_LEVEL", "2", "CONFIG_M_MODULE", "1"));
        assertEquals(12, b.find("level2").orElseThrow().size());
        assertTrue(b.find("m_enabled").isPresent());
        assertTrue(b.find("m_builtin").isEmpty());
        assertTrue(b.find("f_no_a").isPresent());
        assertTrue(b.find("arith_ok_copy").isPresent());
        assertTrue(layout(Map.of()).find("neither").isPresent());
    }

    @Test
    void gccSelectsTheSameMembers() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed");
        for (Map<String, String> defs : java.util.List.of(Map.<String, String>of(), Map.of("CONFIG_A", "1"),
                Map.of("CONFIG_LEVEL", "2", "CONFIG_M_MODULE", "1"), Map.of("CONFIG_B", "1", "CONFIG_M", "1"))) {
            StructLayout s = layout(defs);
            StringBuilder c = new StringBuilder();
            defs.forEach((k, v) -> c.append("#define ").append(k).append(' ').append(v).append('\n'));
            c.append(CHeader.preludeSource()).append(TEXT).append(Gcc.asserts(java.util.List.of(s), false));
            Gcc.Result r = Gcc.syntaxOnly(dir, "pp.c", c.toString(), Abi.LP64);
            assertEquals(0, r.exit(), defs + ":\n" + r.output());
        }
    }

    /** The prelude's IS_* macros and struct_group(), by the engine (and gcc where present) alike. */
    @Test
    void preludeConfigMacrosAndStructGroup(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String text = """
            #define CONFIG_A 1
            #define CONFIG_B_MODULE 1
            #define CONFIG_D 0
            _Static_assert(IS_ENABLED(CONFIG_A) == 1 && IS_BUILTIN(CONFIG_A) == 1 && IS_MODULE(CONFIG_A) == 0, "a");
            _Static_assert(IS_ENABLED(CONFIG_B) == 1 && IS_BUILTIN(CONFIG_B) == 0 && IS_MODULE(CONFIG_B) == 1, "b");
            _Static_assert(IS_ENABLED(CONFIG_C) == 0 && IS_ENABLED(CONFIG_D) == 0, "c d");
            _Static_assert(IS_REACHABLE(CONFIG_A) == 1 && IS_REACHABLE(CONFIG_B) == 0, "reachable");
            struct grouped {
            	int a;
            	struct_group(g, int x; int y;);
            #if IS_ENABLED(CONFIG_B) && !IS_ENABLED(CONFIG_C)
            	DECLARE_FLEX_ARRAY(int, z);
            #endif
            };
            """;
        StructLayout s = CHeader.parse("cfg.h", text, Abi.LP64, Map.of()).struct("grouped").orElseThrow();
        assertEquals(12, s.size());
        assertEquals(8, s.find("g.y").orElseThrow().offset());
        assertEquals(4, s.find("x").orElseThrow().offset());
        assertEquals(12, s.find("z").orElseThrow().offset());
        org.junit.jupiter.api.Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        Gcc.Result r = Gcc.syntaxOnly(dir, "cfg.c", CHeader.preludeSource() + text
            + "_Static_assert(sizeof(struct grouped) == 12, \"size\");\n", Abi.LP64);
        assertEquals(0, r.exit(), r.output());
    }
}
