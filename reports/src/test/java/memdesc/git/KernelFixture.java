package memdesc.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A small kernel-like repository built with JGit: C files in nested directories with page->mapping,
 * page->index, folio->page…, a .txt to exclude, a binary file with a NUL, CRLF lines, a last line
 * without newline, an empty file, a symlink. History: v1 (lightweight tag) → v2 (annotated tag) →
 * main; v2 → next (a branch).
 */
final class KernelFixture {
    static final String FILEMAP_V1 = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/mm.h>
            #include <linux/pagemap.h>

            /* Jörg's comment: page->mapping is a (struct address_space *) */
            static int filemap_check(struct page *page)
            {
            \tstruct address_space *mapping = page->mapping;
            \tpgoff_t index = page->index;

            \tif (!PageLocked(page))
            \t\treturn -EINVAL;
            \tif (page->mapping != mapping || page->index != index)
            \t\treturn a.b + axb + aab + a{b;
            \tstruct folio *folio = page_folio(page);
            \tfolio->page.mapping = NULL; /* page->mapping */
            \treturn 0;
            }
            int pagecache(void) { return page ? page->private : 0; }
            \t\t\s\s
            """;

    static final String FILEMAP_V2 = """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/mm.h>
            #include <linux/pagemap.h>

            static int filemap_check(struct folio *folio)
            {
            \tstruct address_space *mapping = folio->mapping;
            \tpgoff_t index = folio->index;

            \tif (!folio_test_locked(folio))
            \t\treturn -EINVAL;
            \tif (folio->mapping != mapping || page->index != index)
            \t\treturn (a.b);
            \treturn 0;
            }
            """;

    private KernelFixture() { }

    static Path build(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write(dir, "mm/filemap.c", FILEMAP_V1);
            write(dir, "mm/damon/core.c", """
                    #include "core.h"
                    void damon(struct page *page) { put_page(page); unlock_page(page); }
                    static inline bool x(struct folio *folio) { return folio->page.index == 0; }
                    """);
            write(dir, "mm/damon/core.h", "#define PAGE_MAPPING(p) ((p)->mapping)\nstruct page *damon_get_page(unsigned long pfn);\n");
            write(dir, "include/linux/mm_types.h", """
                    struct page {
                    \tunsigned long flags;
                    \tstruct address_space *mapping;\t/* page->mapping */
                    \tpgoff_t index;
                    };
                    """);
            write(dir, "Documentation/mm/page.txt", "page->mapping page->index folio->page\n");
            write(dir, "mm/notes.c.orig", "page->mapping\n");
            writeBytes(dir, "drivers/firmware/blob.c", "page->mapping\nbinary\0data page->index\n\0\npage->mapping".getBytes(StandardCharsets.ISO_8859_1));
            writeBytes(dir, "mm/empty.c", new byte[0]);
            write(dir, "mm/blank.h", "\n\n");
            write(dir, "arch/x86/mm/crlf.c", "int a;\r\npage->mapping = 0;\r\nfolio->page = x;\r\n\r\nreturn page->index;\r\n");
            writeBytes(dir, "tools/nonl.c", "page->index\nlast page->mapping line".getBytes(StandardCharsets.UTF_8));
            Files.createSymbolicLink(dir.resolve("mm/link.c"), Path.of("filemap.c"));
            write(dir, "mm/Makefile", "obj-y += filemap.o # page->mapping\n");
            commit(git, "mm: initial import", 1);
            git.tag().setName("v1").setAnnotated(false).call();

            write(dir, "mm/filemap.c", FILEMAP_V2);
            Files.delete(dir.resolve("mm/damon/core.c"));
            write(dir, "mm/new.c", "struct folio *f = page_folio(page);\nf->mapping = page->mapping;\n");
            commit(git, "mm: convert filemap_check to folios", 2);
            git.tag().setName("v2").setAnnotated(true).setMessage("v2").call();

            git.checkout().setCreateBranch(true).setName("next").call();
            write(dir, "arch/x86/mm/crlf.c", "int a;\r\nfolio->mapping = 0;\r\n\r\n");
            commit(git, "x86: drop page->mapping", 3);
            git.checkout().setName("main").call();
            write(dir, "include/linux/mm_types.h", "struct page {\n\tunsigned long flags;\n};\nstruct folio { struct page page; };\n");
            write(dir, "mm/sub/deep/more.h", "#define folio_page(f) (&(f)->page)\n#define page_mapping(page) page->mapping\n");
            commit(git, "mm: shrink struct page", 4);
        }
        return dir;
    }

    static void commit(Git git, String message, int day) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Ada Example", "ada@example.org",
                Instant.parse("2024-03-0" + day + "T10:00:00Z"), ZoneOffset.ofHours(2));
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    static void write(Path dir, String path, String text) throws IOException {
        writeBytes(dir, path, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(Path dir, String path, byte[] bytes) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }
}
