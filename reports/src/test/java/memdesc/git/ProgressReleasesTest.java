package memdesc.git;

import memdesc.steps.InputException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many releases: tag globs and ranges in version order, the on-disk cache, tallies, and bad repositories. */
class ProgressReleasesTest {
    @TempDir static Path tmp;
    static Path repo;
    static final List<String> TAGS = List.of("v6.1-rc1", "v6.1", "v6.1.2", "v6.2", "v6.9", "v6.10", "v6.10.1", "v7.0");
    static final List<Probe> PROBES = List.of(new Probe("mapping", "page->mapping\\b", false));

    @BeforeAll static void build() throws Exception {
        repo = tmp.resolve("linux");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            write("MAINTAINERS", "MEMORY MANAGEMENT\nF:\tmm/\n\nFILESYSTEMS\nF:\tfs/\nX:\tfs/ext4/\n\nTHE REST\nF:\t*\nF:\t*/\n");
            int day = 1;
            // shuffled, so name order is not version order
            for (String tag : List.of("v6.10", "v6.1-rc1", "v7.0", "v6.1.2", "v6.2", "v6.9", "v6.1", "v6.10.1")) {
                int n = TAGS.indexOf(tag);
                StringBuilder mm = new StringBuilder();
                for (int i = 0; i < 10 - n; i++) mm.append("a = page->mapping;\n");
                write("mm/filemap.c", mm.toString());
                write("fs/ext4/inode.c", "b = page->mapping;\n".repeat(n % 3 + 1));
                write("fs/ioctl.c", "c = page->mapping;\n");
                commit(git, "Linux " + tag, "Release Person", day++);
                git.tag().setName(tag).call();
            }
        }
    }

    @Test void globsAndRangesAreTagsInVersionOrder() {
        assertEquals(TAGS, Progress.expandRefs(repo, List.of("v*")));
        assertEquals(List.of("v6.1", "v6.1.2", "v6.2", "v6.9", "v6.10"), Progress.expandRefs(repo, List.of("v6.1..v6.10")));
        assertEquals(List.of("v6.1.2", "v6.2", "v6.9", "v6.10", "v6.10.1"), Progress.expandRefs(repo, List.of("v6.1.1..v6.18")));
        assertEquals(List.of("v6.1-rc1", "v6.1", "v6.1.2", "v6.10", "v6.10.1"), Progress.expandRefs(repo, List.of("v6.1*")));
        assertEquals(List.of("main", "v7.0"), Progress.expandRefs(repo, List.of("main", "v7.*")));
        assertEquals("/x: error: --refs 'v8.*' matches no tag".replace("/x", repo.toString()),
                assertThrows(InputException.class, () -> Progress.expandRefs(repo, List.of("v8.*"))).getMessage());
        assertThrows(InputException.class, () -> Progress.expandRefs(repo, List.of("v6.9..v6.1")));
    }

    @Test void theCacheSkipsBlobsCountedBefore() throws Exception {
        Path cache = tmp.resolve("cache");
        Scan.Options opts = Scan.Options.defaults().withThreads(1).withCache(cache);
        Scan first = Progress.scan(repo, List.of("v6.1", "v6.2"), PROBES, opts);
        Path file;
        try (var s = Files.list(cache)) {
            file = s.findFirst().orElseThrow();
        }
        long record = 20 + 4 * 2 * PROBES.size();
        // v6.1 and v6.2: filemap.c twice, inode.c twice (n % 3 differs), ioctl.c once
        assertEquals(5 * record, Files.size(file));
        Scan again = Progress.scan(repo, List.of("v6.1", "v6.2", "v6.9"), PROBES, opts);
        // only v6.9's new blobs: filemap.c (inode.c at n=4 equals v6.1's at n=1)
        assertEquals(6 * record, Files.size(file));
        assertEquals(first.all().counts().get("v6.2"), again.all().counts().get("v6.2"));
        assertEquals(Progress.count(repo, List.of("v6.9"), PROBES, List.of(), 1).counts().get("v6.9"), again.all().counts().get("v6.9"));
        // another probe set is another file
        Progress.scan(repo, List.of("v6.1"), List.of(new Probe("index", "page->index", false)), opts);
        try (var s = Files.list(cache)) {
            assertEquals(2, s.count());
        }
        // a record cut short by a crash is dropped and the file realigned
        Files.write(file, new byte[7], java.nio.file.StandardOpenOption.APPEND);
        Scan cut = Progress.scan(repo, List.of("v6.1", "v6.10"), PROBES, opts);
        assertEquals(0, Files.size(file) % record);
        assertEquals(Progress.count(repo, List.of("v6.10"), PROBES, List.of(), 1).counts().get("v6.10"), cut.all().counts().get("v6.10"));
    }

    @Test void talliesByAuthorAndSection() {
        // history order is the shuffled order: v6.1.2 -> v6.2 -> v6.9
        Attributions a = Progress.attribute(repo, "v6.1.2..v6.9", PROBES, Scan.Options.defaults().withSections(true));
        // filemap.c 8 -> 7 -> 6; ext4/inode.c (excluded from FILESYSTEMS) 3 -> 1 -> 2; v6.9 nets 0 but moved files
        assertEquals(2, a.commits().size());
        List<Tally> bySection = Tally.of(a, "mapping", Tally.By.SUBSYSTEM);
        assertEquals(List.of(new Tally("THE REST", "", 1, 3, 0), new Tally("MEMORY MANAGEMENT", "", 2, 2, 0)), bySection);
        List<Tally> byAuthor = Tally.of(a, "mapping", Tally.By.AUTHOR);
        assertEquals(List.of(new Tally("Release Person", "", 1, 3, 0)), byAuthor);
        String text = Progress.render(a, Tally.By.SUBSYSTEM, 10, Progress.Format.TEXT);
        assertTrue(text.startsWith("mapping in v6.1.2..v6.9: 3 removed, 0 added, in 1 commit\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("MEMORY MANAGEMENT\\s+2\\s+66\\.7%\\s+0\\s+2")), text);
    }

    @Test void unrelatedHistoriesAreRefused() throws Exception {
        Path other = tmp.resolve("other");
        try (Git git = Git.init().setDirectory(other.toFile()).setInitialBranch("main").call()) {
            Files.writeString(other.resolve("a.c"), "page->mapping;\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setAuthor(new PersonIdent("A", "a@x")).setCommitter(new PersonIdent("A", "a@x")).setSign(false).call();
            git.tag().setName("one").call();
            git.checkout().setOrphan(true).setName("island").call();
            Files.writeString(other.resolve("a.c"), "x;\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("two").setAuthor(new PersonIdent("A", "a@x")).setCommitter(new PersonIdent("A", "a@x")).setSign(false).call();
        }
        InputException e = assertThrows(InputException.class, () -> Progress.attribute(other, "one..island", PROBES, List.of()));
        assertEquals("--attribute 'one..island': error: one and island share no history (no common ancestor), so the range would be all of island",
                e.getMessage());
    }

    @Test void badRepositoriesAreOneLine() throws Exception {
        Path bare = tmp.resolve("packed.git");
        GitCli.ok(tmp, "clone", "-q", "--bare", repo.toString(), bare.toString());
        GitCli.ok(bare, "repack", "-adq");
        String blob = GitCli.ok(bare, "rev-parse", "v6.1:mm/filemap.c").trim();
        GitCli.ok(bare, "tag", "a-blob", blob);
        GitCli.ok(bare, "tag", "a-tree", "v6.1^{tree}");
        assertEquals(bare + ": error: ref 'a-blob' names a blob, not a commit or tree",
                assertThrows(InputException.class, () -> Progress.count(bare, List.of("a-blob"), PROBES, List.of(), 1)).getMessage());
        assertEquals(bare + ": error: ref 'a-tree' names a tree, not a commit",
                assertThrows(InputException.class, () -> Progress.attribute(bare, "a-tree..v6.2", PROBES, List.of())).getMessage());

        Path alt = tmp.resolve("alt");
        GitCli.ok(tmp, "clone", "-q", "--shared", bare.toString(), alt.toString());
        Files.writeString(alt.resolve(".git/objects/info/alternates"), tmp.resolve("gone/objects") + "\n");
        String m = assertThrows(InputException.class, () -> Progress.count(alt, List.of("v6.1"), PROBES, List.of(), 1)).getMessage();
        assertTrue(m.contains("error: broken alternate in ") && m.contains("gone/objects does not exist"), m);

        Path cut = tmp.resolve("cut.git");
        GitCli.ok(tmp, "clone", "-q", "--bare", "--no-local", bare.toString(), cut.toString());
        Path pack;
        try (var s = Files.list(cut.resolve("objects/pack"))) {
            pack = s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
        pack.toFile().setWritable(true);
        try (var ch = java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        m = assertThrows(InputException.class, () -> Progress.count(cut, List.of("v6.1", "v7.0"), PROBES, List.of(), 1)).getMessage();
        assertTrue(m.startsWith(cut + ": error: damaged pack ") && !m.contains("\n"), m);
    }

    static void write(String path, String text) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    static void commit(Git git, String message, String author, int day) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent(author, "r@example.org", Instant.parse("2024-01-01T10:00:00Z").plusSeconds(86400L * day), ZoneOffset.UTC);
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
}
