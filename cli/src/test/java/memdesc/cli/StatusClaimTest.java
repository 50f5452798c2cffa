package memdesc.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status: {done-in: vX.Y}} is a claim about a named release: {@code validate --kernel REPO@REF}
 * checks it on that release's tree (a git repository made here with JGit, two tagged releases of our own
 * kernel-shaped headers), a done claim also on a later REF; a bare {@code status: done} still loads, is
 * checked against REF and warned about; a release the repository lacks is said to be uncheckable.
 */
class StatusClaimTest {
    @TempDir Path dir;

    private static final String ROADMAP = """
        name: Claims
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
              };
            folio: "struct folio { unsigned long flags; struct list_head lru; };"
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
            status: STATUS_LRU
            changes:
              - convert: {users: [lru], from: page.lru, to: folio.lru}
            probes:
              page->lru: 'page->lru\\b'
            evidence:
              - absent: page.lru
          - id: old-style
            title: A status without a release
            phase: one
            source: {seed: 000_1925f753cd08e018.txt, section: Immediate projects}
            status: done
            changes:
              - convert: {users: [lru], from: page.flags, to: folio.flags}
            probes:
              page->lru: 'page->lru\\b'
          - id: future
            title: A release the tree has not got
            phase: one
            source: {seed: 000_1925f753cd08e018.txt, section: Immediate projects}
            status: {done-in: v9.0}
            changes:
              - convert: {users: [lru], from: folio.flags, to: page.flags}
        """;

    private Path repo() throws Exception {
        Path r = dir.resolve("linux");
        Files.createDirectories(r);
        try (Git git = Git.init().setDirectory(r.toFile()).setInitialBranch("master").call()) {
            write(r, "include/linux/types.h", "#ifndef T_H\n#define T_H\nstruct list_head { struct list_head *next, *prev; };\n#endif\n");
            write(r, "include/linux/mm_types.h", "#include <linux/types.h>\nstruct page {\n\tunsigned long flags;\n\tstruct list_head lru;\n};\n");
            write(r, "mm/swap.c", "void f(struct page *page) { g(&page->lru); }\n");
            commit(git, "v1.0", 1);
            write(r, "include/linux/mm_types.h", "#include <linux/types.h>\nstruct page {\n\tunsigned long flags;\n\tunsigned long pad[2];\n};\n");
            write(r, "mm/swap.c", "void f(struct folio *folio) { g(&folio->lru); }\n");
            commit(git, "v1.1", 2);
        }
        return r;
    }

    static void write(Path root, String path, String text) throws Exception {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    static void commit(Git git, String tag, int day) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Release Import", "import@localhost", Instant.ofEpochSecond(86400L * day), ZoneOffset.UTC);
        git.commit().setMessage(tag).setAuthor(who).setCommitter(who).call();
        git.tag().setName(tag).call();
    }

    private record Run(int code, String out, String err) {}

    private Run validate(String lruStatus, String ref) throws Exception {
        Path y = dir.resolve("r.yaml");
        Files.writeString(y, ROADMAP.replace("STATUS_LRU", lruStatus));
        Path r = Files.isDirectory(dir.resolve("linux")) ? dir.resolve("linux") : repo();
        StringWriter out = new StringWriter(), err = new StringWriter();
        // as in a terminal wide enough for any line: these read what is said, not how it wraps (EveryCommandTest)
        int code = Width.with(1000, () -> Main.run(new String[] {"validate", "--roadmap", y.toString(), "--kernel", r + "@" + ref},
            new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    @Test void aClaimIsCheckedOnItsRelease() throws Exception {
        Run v = validate("{done-in: v1.1}", "v1.0");
        // done in v1.1 holds at v1.1; at v1.0 (before it) the claim says nothing; old-style is checked at v1.0
        assertTrue(v.out().contains("status claims: 2 checked, 2 contradicted or not checkable\n"), v.out() + v.err());
        assertTrue(v.out().contains("  step old-style says done, but at v1.0 it is not started (1 use) (" + dir.resolve("r.yaml") + ":"), v.out() + v.err());
        assertTrue(v.out().contains("  step future says done in v9.0: linux has no ref v9.0 (" + dir.resolve("r.yaml") + ":"), v.out() + v.err());
        assertTrue(!v.out().contains("step lru-uses"), v.out() + v.err());
        assertTrue(v.err().contains(": warning: step old-style: status: done names no release (deprecated): write status: {done-in: vX.Y}; checked against v1.0"),
            v.err());
        assertEquals(1, v.code());
    }

    @Test void aWrongClaimIsContradictedAtItsRelease() throws Exception {
        Run v = validate("{done-in: v1.0}", "v1.1");
        assertTrue(v.out().contains("  step lru-uses says done in v1.0, but at v1.0 it is not started (1 use) (" + dir.resolve("r.yaml") + ":"), v.out() + v.err());
        // the claim is located at the release it names
        int line = 1 + (int) ROADMAP.substring(0, ROADMAP.indexOf("status: STATUS_LRU")).chars().filter(c -> c == '\n').count();
        assertTrue(v.out().contains("(" + dir.resolve("r.yaml") + ":" + line + ":23)"), v.out() + v.err());
    }

    @Test void doneStaysDoneOnALaterRelease() throws Exception {
        Run v = validate("{done-in: v1.1}", "v1.1");
        assertTrue(!v.out().contains("step lru-uses"), v.out() + v.err());
        Run early = validate("{in-progress-in: v1.0}", "v1.1");
        // in progress at v1.0: its probe counts one line there (not started with uses is taken as begun)
        assertTrue(!early.out().contains("step lru-uses"), early.out());
    }

    @Test void badClaimsAreLoadErrors() throws Exception {
        Path y = dir.resolve("bad.yaml");
        for (String[] c : new String[][] {
            {"{done-by: v1.0}", "unknown key 'done-by' in status: use done-in or in-progress-in"},
            {"{done-in: soon}", "status done-in must be a release tag such as v6.14 or v6.18.2, not 'soon'"},
            {"{done-in: v1.0, in-progress-in: v1.1}", "a status claim has exactly one key"}}) {
            Files.writeString(y, ROADMAP.replace("STATUS_LRU", c[0]));
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Width.with(1000, () -> Main.run(new String[] {"validate", "--roadmap", y.toString()}, new PrintWriter(out), new PrintWriter(err)));
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains(": error: " + c[1]), err.toString());
        }
    }
}
