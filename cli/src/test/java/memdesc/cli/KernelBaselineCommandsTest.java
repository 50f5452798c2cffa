package memdesc.cli;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --kernel} on mutate, compare and build --cc: a kernel-shaped git repository made here with JGit
 * (our own words: v1 has a struct page one word longer than the small roadmap's, with its own atomic_t and
 * list_head; v2 only a folio_batch laid out as the repository roadmap states it). The tree's baseline is
 * the one mutated, compared and compiled.
 */
class KernelBaselineCommandsTest {
    @TempDir static Path dir;
    static Path linux, small;
    static final Path ROADMAP = Path.of("..", "roadmap.yaml");

    private static final String SMALL = """
        name: Tree Path
        phases:
          - {id: one, title: One}
        baseline:
          title: small baseline
          source: {seed: 000_1925f753cd08e018.txt, section: Path}
          structs:
            page: |
              struct page {
              	unsigned long flags;
              	struct list_head lru;
              	atomic_t _refcount;
              };
          users:
            lru:
              file: mm/swap.c
              title: LRU lists
              accesses: [page.lru, page.flags]
        steps:
          - id: lru-uses
            title: Remove page->lru uses
            phase: one
            source: {seed: 000_1925f753cd08e018.txt, section: Immediate projects}
            changes:
              - convert: {users: [lru], from: page.lru}
        """;

    @BeforeAll static void setUp() throws Exception {
        System.setProperty("memdesc.cache", dir.resolve("cache").toString());
        small = dir.resolve("small.yaml");
        Files.writeString(small, SMALL);
        linux = dir.resolve("linux");
        Files.createDirectories(linux);
        try (Git git = Git.init().setDirectory(linux.toFile()).setInitialBranch("master").call()) {
            StatusClaimTest.write(linux, "include/linux/types.h", """
                #ifndef T_H
                #define T_H
                typedef struct { int counter; } atomic_t;
                struct list_head { struct list_head *next, *prev; };
                #endif
                """);
            StatusClaimTest.write(linux, "include/linux/mm_types.h", """
                #include <linux/types.h>
                /* our own words: a page with one word more than the small roadmap states */
                struct page {
                	unsigned long flags;
                	struct list_head lru;
                	atomic_t _refcount;
                	unsigned long private;
                };
                """);
            StatusClaimTest.commit(git, "v1", 1);
            git.rm().addFilepattern("include/linux/mm_types.h").call();
            StatusClaimTest.write(linux, "include/linux/pagevec.h", """
                /* our own words: a batch of folio pointers, a count and a cursor */
                struct folio;
                struct folio_batch {
                	unsigned char nr;
                	unsigned char i;
                	_Bool percpu_pvec_drained;
                	struct folio *folios[31];
                };
                """);
            StatusClaimTest.commit(git, "v2", 2);
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(1000, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    @Test void mutateWritesItsMutantsFromTheTreesBaseline() {
        Run own = run("mutate", small.toString(), "--list");
        Run tree = run("mutate", small.toString(), "--list", "--kernel", linux + "@v1");
        assertEquals(0, tree.code(), tree.err());
        assertTrue(tree.err().contains("memdesc mutate: --kernel: struct page: from include/linux/mm_types.h (40 bytes), 2 differences"), tree.err());
        // the roadmap's text of struct page is not what is checked: no member of it is swapped or put in a union
        assertTrue(own.out().contains("swap-members baseline: swap page.flags and page.lru"), own.out());
        assertFalse(tree.out().contains("swap-members") || tree.out().contains("union-members"), tree.out());
        assertTrue(own.out().endsWith("7 mutants\n") && tree.out().endsWith("3 mutants\n"), own.out() + tree.out());
        // and the roadmap itself is checked on the tree's baseline first
        Run bad = run("mutate", small.toString(), "--kernel", linux + "@v1", "--machine", "64MiB");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("small.yaml itself fails check at step 0 baseline"), bad.err());
        Run config = run("mutate", small.toString(), "--config", "x.config");
        assertEquals(2, config.code());
        assertTrue(config.err().contains("memdesc mutate: --config goes with --kernel"), config.err());
    }

    @Test void mutateChecksItsMutantsOnTheTreesBaselineThroughItsOwnCacheEntries() throws Exception {
        String[] args = {"mutate", ROADMAP.toString(), "--operator", "narrow-pfn", "--max", "1", "--machine", "64MiB", "--jobs", "2"};
        Run own = run(args);
        long before = cached();
        Run again = run(args);
        assertEquals(own.out().replaceAll("elapsed .*", ""), again.out().replaceAll("elapsed .*", ""));
        assertEquals(before, cached(), "a second run on the roadmap's own baseline adds no verdict");
        String[] withTree = Stream.concat(Stream.of(args), Stream.of("--kernel", linux + "@v2")).toArray(String[]::new);
        Run tree = run(withTree);
        assertEquals(own.code(), tree.code(), tree.out() + tree.err());
        assertTrue(tree.err().contains("memdesc mutate: --kernel: struct folio_batch: from include/linux/pagevec.h (256 bytes)"), tree.err());
        assertTrue(tree.err().contains("memdesc mutate: --kernel: struct page: kept from the roadmap"), tree.err());
        // the states on the tree's baseline hash differently: their verdicts are new entries, not the roadmap's
        assertTrue(cached() > before, "the tree's baseline states were verified, not read from the cache");
        assertTrue(tree.out().contains("\nmutation score: "), tree.out());
    }

    private static long cached() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("cache"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test void diffVerifiesBothVersionsFromTheTreesBaseline() {
        String r = ROADMAP.toString();
        Run own = run("diff", r, r, "--machine", "64MiB");
        Run tree = run("diff", r, r, "--machine", "64MiB", "--kernel", linux + "@v1");
        assertEquals(0, own.code(), own.out() + own.err());
        assertTrue(own.out().contains("new: bisectable: yes"), own.out());
        // v1's struct page is a 40-byte struct of four members: neither version builds from it
        assertEquals(1, tree.code(), tree.out() + tree.err());
        assertTrue(tree.err().contains("memdesc diff: --kernel: struct page: from include/linux/mm_types.h (40 bytes)"), tree.err());
        assertTrue(tree.out().contains("old: bisectable: no") && tree.out().contains("new: bisectable: no"), tree.out());
    }

    @Test void compareTakesEachPlansBaselineFromTheTree() {
        Run own = run("compare", small.toString(), "--no-check");
        Run tree = run("compare", small.toString(), "--no-check", "--kernel", linux + "@v1");
        assertEquals(0, tree.code(), tree.err());
        assertTrue(own.out().contains("\nstruct page                    32 -> 32 B\n"), own.out());
        assertTrue(tree.out().contains("\nstruct page                    40 -> 40 B\n"), tree.out());
        assertTrue(tree.err().contains("memdesc compare: --kernel:   struct page: size 32 (roadmap) vs 40 (include/linux/mm_types.h)"), tree.err());
    }

    @Test void buildWithGccOnTheTreesBaselineAgreesWithTheEngine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(memdesc.cc.GccBackend.compilerPresent(), "no C compiler");
        Path keep = dir.resolve("c");
        Run r = run("build", "--roadmap", small.toString(), "--kernel", linux + "@v1", "--cc", "gcc", "--keep", keep.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*0  baseline\\s+40  ok\\s+ok")), r.out());
        assertTrue(r.out().contains("build: ok (2 states, engine and gcc agree)"), r.out());
        // gcc checked the engine's layout of the tree's page, with one definition of the tree's types (not the prelude's twice)
        String layout = Files.readString(keep.resolve("00-baseline/layout.c"));
        assertTrue(layout.contains("_Static_assert(sizeof(struct page) == 40"), layout);
        assertTrue(layout.contains("offsetof(struct page, private) == 32"), layout);
        String mm = Files.readString(keep.resolve("00-baseline/include/linux/mm_types.h"));
        assertFalse(mm.contains("struct list_head {"), mm);
        assertTrue(mm.contains("unsigned long private"), mm);
    }
}
