package memdesc.git;

import memdesc.export.Proc;
import memdesc.layout.Abi;
import memdesc.layout.KernelLayout;
import memdesc.layout.LayoutFormat;
import memdesc.layout.SourceTree;
import memdesc.layout.StructLayout;
import memdesc.steps.InputException;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --kernel PATH@REF} on git repositories made here with JGit (and on the real one when present). */
class KernelTreeTest {
    @TempDir Path dir;

    /** Our own kernel-shaped headers, two releases: r2 adds a member under a config symbol and a new descriptor. */
    static Path repo(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("master").call()) {
            KernelFixture.write(dir, "include/linux/compiler_types.h", "#define __aligned(x) __attribute__((__aligned__(x)))\n");
            KernelFixture.write(dir, "include/linux/types.h", """
                    #ifndef T_H
                    #define T_H
                    typedef struct { int counter; } atomic_t;
                    struct list_head { struct list_head *next, *prev; };
                    #endif
                    """);
            KernelFixture.write(dir, "include/linux/mm_types.h", """
                    #include <linux/types.h>
                    struct page {
                    \tunsigned long flags;
                    \tstruct list_head lru;
                    \tatomic_t _refcount;
                    } __aligned(2 * sizeof(unsigned long));
                    """);
            KernelFixture.commit(git, "r1", 1);
            git.tag().setName("r1").call();
            KernelFixture.write(dir, "include/linux/mm_types.h", """
                    #include <linux/types.h>
                    struct page {
                    \tunsigned long flags;
                    \tstruct list_head lru;
                    \tatomic_t _refcount;
                    #ifdef CONFIG_MEMCG
                    \tunsigned long memcg_data;
                    #endif
                    } __aligned(2 * sizeof(unsigned long));
                    """);
            KernelFixture.write(dir, "mm/zpdesc.h", "#include <linux/mm_types.h>\nstruct zpdesc { unsigned long flags; struct list_head lru; };\n");
            KernelFixture.commit(git, "r2", 2);
            git.tag().setName("r2").setAnnotated(true).setMessage("r2").call();
        }
        return dir;
    }

    private static StructLayout one(SourceTree t, String name) {
        return KernelLayout.layout(t, List.of(name), Abi.LP64, null).structs().get(0).layout();
    }

    @Test void eachRefIsItsOwnTreeAndABareCloneReadsTheSame() throws Exception {
        Path r = repo(dir.resolve("linux"));
        try (KernelTree r1 = (KernelTree) KernelTree.open("linux@r1", dir); KernelTree r2 = (KernelTree) KernelTree.open("linux@r2", dir)) {
            assertEquals(32, one(r1, "page").size());
            assertTrue(one(r1, "page").find("memcg_data").isEmpty());
            assertEquals(48, one(r2, "page").size()); // CONFIG_MEMCG is in the default set
            assertEquals(32, one(r2, "page").find("memcg_data").orElseThrow().offset());
            assertEquals(null, KernelLayout.locate(r1, "zpdesc"));
            assertEquals("mm/zpdesc.h", KernelLayout.locate(r2, "zpdesc"));
            // what JGit reads is what git shows
            assertEquals(GitCli.ok(r, "show", "r1:include/linux/mm_types.h"), r1.read("include/linux/mm_types.h"));
        }
        GitCli.ok(dir, "clone", "-q", "--bare", r.toString(), dir.resolve("bare.git").toString());
        try (KernelTree b = (KernelTree) KernelTree.open("bare.git@r2", dir)) {
            assertEquals(48, one(b, "page").size());
        }
        try (KernelTree head = (KernelTree) KernelTree.open("bare.git", dir)) {
            assertTrue(head.name().endsWith("@HEAD"));
            assertEquals(48, one(head, "page").size());
        }
        InputException e = assertThrows(InputException.class, () -> KernelTree.open("linux@v9.9", dir));
        assertTrue(e.getMessage().contains("unknown ref 'v9.9'"), e.getMessage());
        Files.createDirectories(dir.resolve("plain/include/linux"));
        e = assertThrows(InputException.class, () -> KernelTree.open("plain@r1", dir));
        assertTrue(e.getMessage().contains("takes no @REF"), e.getMessage());
    }

    static final Path REAL = Path.of("/work/kernels/linux.git");

    /** Whether {@code tool --version} runs here (a missing binary is a skip, not an error). */
    private boolean runs(String tool) {
        try {
            return Proc.run(dir, Map.of(), tool, "--version").exit() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** pahole on gcc -g of our expansion of the real headers equals our own pahole text, release by release. */
    @Test void realReleasesAgreeWithPahole() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(REAL), "no real kernel repository at " + REAL);
        Assumptions.assumeTrue(runs("pahole"), "pahole is not installed (apt-get install dwarves)");
        Assumptions.assumeTrue(runs("gcc"), "gcc is not installed");
        Map<String, List<String>> releases = Map.of("v6.0.19", List.of("page", "folio", "slab"),
                "v6.12", List.of("page", "folio", "slab", "ptdesc"), "v6.18.2", List.of("page", "folio", "slab", "ptdesc", "zpdesc", "netmem_desc"));
        List<String> bad = new ArrayList<>();
        for (var rel : releases.entrySet()) {
            try (KernelTree t = (KernelTree) KernelTree.open(REAL, rel.getKey())) {
                for (KernelLayout.Entry e : KernelLayout.layout(t, rel.getValue(), Abi.LP64, null).structs()) {
                    Path c = dir.resolve(rel.getKey() + "-" + e.name() + ".c");
                    Files.writeString(c, e.source() + "\nstruct " + e.name() + " *use;\n");
                    Path o = dir.resolve(rel.getKey() + "-" + e.name() + ".o");
                    Proc.Result cc = Proc.run(dir, Map.of(), "gcc", "-g", "-c", "-w", c.toString(), "-o", o.toString());
                    assertEquals(0, cc.exit(), cc.err());
                    String pahole = Proc.run(dir, Map.of(), "pahole", "-C", e.name(), o.toString()).out();
                    if (!pahole.equals(LayoutFormat.pahole(e.header(), e.layout()))) bad.add(rel.getKey() + " " + e.name());
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
