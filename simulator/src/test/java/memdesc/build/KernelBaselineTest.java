package memdesc.build;

import memdesc.layout.SourceTree;
import memdesc.layout.StructLayout;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --kernel} for the commands that build states: a real roadmap file and a kernel-shaped source
 * tree of our own words. The tree's structs replace the baseline's, what differs is said, a struct the
 * tree lacks is kept, and the states are then checked as usual (a user of a member the tree lacks fails).
 */
class KernelBaselineTest {
    @TempDir Path dir;

    private static final String ROADMAP = """
        name: Tree Path
        phases:
          - {id: one, title: One}
        baseline:
          title: small baseline
          source: {seed: 000_1925f753cd08e018.txt, section: Path}
          kernel: v6.6
          structs:
            page: |
              struct page {
              	unsigned long flags;
              	struct list_head lru;
              	atomic_t _refcount;
              	unsigned long index;
              };
            extra: "struct extra { struct page *p; unsigned long n; };"
          users:
            lru:
              file: mm/swap.c
              title: LRU lists
              accesses: [page.lru, page.flags]
            ACCESS
        steps:
          - id: lru-uses
            title: Remove page->lru uses
            phase: one
            source: {seed: 000_1925f753cd08e018.txt, section: Immediate projects}
            changes:
              - convert: {users: [lru], from: page.lru}
        """;

    private Roadmap roadmap(String access) {
        return RoadmapLoader.parse("tree.yaml", ROADMAP.replace("ACCESS", access).getBytes(StandardCharsets.UTF_8));
    }

    private SourceTree tree() throws Exception {
        Map<String, String> files = Map.of(
            "include/linux/compiler_types.h", "#define __aligned(x) __attribute__((__aligned__(x)))\n",
            "include/linux/types.h", """
                #ifndef T_H
                #define T_H
                typedef struct { int counter; } atomic_t;
                struct list_head { struct list_head *next, *prev; };
                #endif
                """,
            "include/linux/mm_types.h", """
                #include <linux/types.h>
                /* our own words: a page with one word more than the roadmap states */
                struct page {
                	unsigned long flags;
                	struct list_head lru;
                	atomic_t _refcount;
                	unsigned long private;
                } __aligned(2 * sizeof(unsigned long));
                """);
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return SourceTree.directory(dir);
    }

    @Test void theTreesStructsReplaceTheBaselines() throws Exception {
        Roadmap r = roadmap("");
        // without a tree, v6.6 has no carried facts: the baseline fails at the claim
        assertTrue(BuildCheck.check(r, r.baseline()).diagnostics().toString().contains("no facts of kernel v6.6 are carried"));
        KernelBaseline.Result k = KernelBaseline.from(r, tree(), null);
        String notes = String.join("\n", k.notes());
        assertTrue(notes.contains("baseline structs from " + dir + " (the roadmap claims kernel v6.6 at tree.yaml:"), notes);
        assertTrue(notes.contains("struct page: from include/linux/mm_types.h (48 bytes), 3 differences from the roadmap's text (the tree's wins):"), notes);
        assertTrue(notes.contains("struct page: member private only in include/linux/mm_types.h: long unsigned int at 32, 8 bytes"), notes);
        assertTrue(notes.contains("struct extra: kept from the roadmap (tree.yaml:"), notes);
        Roadmap t = k.roadmap();
        assertNull(t.baseline().claims().release());
        assertEquals(List.of(), BuildCheck.check(t, t.baseline()).diagnostics());
        Map<String, StructLayout> laid = BuildCheck.layoutLp64(t.baseline());
        assertEquals(48, laid.get("page").size());
        assertEquals(32, laid.get("page").find("private").orElseThrow().offset());
        // the steps fold on the tree's structs
        assertEquals(48, BuildCheck.layoutLp64(t.states().get(1)).get("page").size());
        assertTrue(t.baseline().struct("page").loc().file().endsWith(":include/linux/mm_types.h"), t.baseline().struct("page").loc().toString());
        // the roadmap's own text is untouched
        assertEquals(40, BuildCheck.layoutLp64(r.baseline()).get("page").size());
    }

    @Test void aUserOfAMemberTheTreeLacksFailsTheBaseline() throws Exception {
        Roadmap r = roadmap("""
            cache:
                  file: mm/filemap.c
                  title: page cache
                  accesses: [page.index]""");
        // the roadmap's text has page.index: only the unchecked claim fails there
        List<Diagnostic> own = BuildCheck.check(r, r.baseline()).diagnostics();
        assertEquals(1, own.size(), own.toString());
        assertTrue(own.get(0).message().startsWith("no facts of kernel v6.6"), own.toString());
        Roadmap t = KernelBaseline.from(r, tree(), null).roadmap();
        List<Diagnostic> d = BuildCheck.check(t, t.baseline()).diagnostics();
        assertTrue(d.stream().anyMatch(x -> x.message().contains("'struct page' has no member named 'index'")
            && x.loc().file().equals("tree.yaml")), d.toString());
    }
}
