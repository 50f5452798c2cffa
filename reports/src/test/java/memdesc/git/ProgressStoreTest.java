package memdesc.git;

import memdesc.steps.InputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counting in the repository shapes real kernel trees come in, against git grep in the same repository. */
class ProgressStoreTest {
    @TempDir static Path tmp;
    static Path origin;

    static final List<String> REGEXES = List.of("page->(mapping|index)", "\\bfolio\\b", "^$", "[[:space:]]+$");
    static final List<Probe> PROBES = List.of(new Probe("mapping|index", REGEXES.get(0), false),
            new Probe("folio", REGEXES.get(1), false), new Probe("empty", REGEXES.get(2), false),
            new Probe("trailing space", REGEXES.get(3), false));

    @BeforeAll static void build() throws Exception {
        origin = KernelFixture.build(tmp.resolve("linux"));
    }

    private static void assertLikeGit(Path repo, List<String> refs) {
        ProgressResult r = Progress.count(repo, refs, PROBES, List.of(), 2);
        assertTrue(r.missing().isEmpty(), r.missing().toString());
        for (String ref : refs) {
            for (int i = 0; i < PROBES.size(); i++) {
                assertEquals(GitCli.grepCount(repo, "-E", REGEXES.get(i), ref, Progress.DEFAULT_INCLUDES),
                        r.counts().get(ref).get(PROBES.get(i).name()), repo + " " + ref + " " + REGEXES.get(i));
            }
        }
    }

    private static long countObjects(Path repo, String field) {
        for (String line : GitCli.ok(repo, "count-objects", "-v").split("\n")) {
            if (line.startsWith(field + ": ")) return Long.parseLong(line.substring(field.length() + 2).trim());
        }
        throw new AssertionError(field);
    }

    @Test void looseRepositoryFromWorkTreeOrGitDir() {
        assertTrue(countObjects(origin, "count") > 0);
        assertEquals(0, countObjects(origin, "packs"));
        assertLikeGit(origin, List.of("v1", "v2", "main", "next"));
        assertEquals(Progress.count(origin, List.of("v1", "next"), PROBES, List.of(), 1).counts(),
                Progress.count(origin.resolve(".git"), List.of("v1", "next"), PROBES, List.of(), 1).counts());
    }

    @Test void bareAndPacked() {
        GitCli.ok(tmp, "clone", "-q", "--bare", origin.toString(), "bare.git");
        Path bare = tmp.resolve("bare.git");
        GitCli.ok(bare, "gc", "-q", "--aggressive");
        assertEquals(0, countObjects(bare, "count"));
        assertTrue(countObjects(bare, "packs") >= 1);
        assertLikeGit(bare, List.of("v1", "v2", "main", "next"));
    }

    @Test void alternates() throws Exception {
        GitCli.ok(tmp, "clone", "-q", "--shared", origin.toString(), "shared");
        Path shared = tmp.resolve("shared");
        assertTrue(Files.exists(shared.resolve(".git/objects/info/alternates")));
        assertEquals(0, countObjects(shared, "count")); // every object comes through the alternate
        assertLikeGit(shared, List.of("v1", "v2", "main", "origin/next"));
    }

    @Test void shallowClone() {
        GitCli.ok(tmp, "clone", "-q", "--depth", "1", "--no-single-branch", "file://" + origin, "shallow");
        Path shallow = tmp.resolve("shallow");
        assertTrue(Files.exists(shallow.resolve(".git/shallow")));
        assertLikeGit(shallow, List.of("HEAD", "origin/main", "origin/next"));
        // attribution stops at the boundary, whose commits are diffed against the empty tree, as git log -G does
        List<Attribution> a = Progress.attribute(shallow, "origin/next..origin/main", PROBES.subList(0, 1), List.of());
        String gitG = GitCli.ok(shallow, "log", "-G" + REGEXES.get(0), "--format=%H", "origin/next..origin/main", "--", "*.c", "*.h");
        assertEquals(List.of(gitG.trim()), a.stream().map(Attribution::commit).toList());
        assertEquals(GitCli.grepCount(shallow, "-E", REGEXES.get(0), "origin/main", Progress.DEFAULT_INCLUDES),
                a.get(0).deltas().get(PROBES.get(0).name()));
        // history behind the shallow boundary is simply not there
        InputException e = assertThrows(InputException.class, () -> Progress.count(shallow, List.of("HEAD~1"), PROBES, List.of(), 1));
        assertTrue(e.getMessage().startsWith(shallow + ": error: "), e.getMessage());
    }

    /** git worktree add: JGit does not read linked worktrees; HEAD must be the worktree's own. */
    @Test void linkedWorktree() throws Exception {
        GitCli.ok(tmp, "clone", "-q", origin.toString(), "main-clone");
        GitCli.ok(tmp.resolve("main-clone"), "worktree", "add", "-q", "-b", "old", tmp.resolve("wt").toString(), "v1");
        Path wt = tmp.resolve("wt");
        assertTrue(Files.isRegularFile(wt.resolve(".git")));
        assertLikeGit(wt, List.of("HEAD", "v2", "main"));
        assertEquals(Progress.count(origin, List.of("v1"), PROBES, List.of(), 1).counts().get("v1"),
                Progress.count(wt, List.of("HEAD"), PROBES, List.of(), 1).counts().get("HEAD"));
    }

    /** A blob and a tree deleted from a loose store: reported with their paths per ref, the rest counted. */
    @Test void missingObjectsAreReportedAndTheRestCounted() {
        GitCli.ok(tmp, "clone", "-q", "--no-local", origin.toString(), "broken"); // its own copy, as one pack
        Path broken = tmp.resolve("broken");
        // explode the pack into loose objects so single objects can be deleted
        Path packDir = broken.resolve(".git/objects/pack");
        try (var packs = Files.list(packDir)) {
            Path tmpPacks = Files.createDirectories(tmp.resolve("packs"));
            for (Path p : packs.toList()) Files.move(p, tmpPacks.resolve(p.getFileName()));
            try (var moved = Files.list(tmpPacks)) {
                for (Path p : moved.filter(x -> x.toString().endsWith(".pack")).toList()) {
                    var pb = new ProcessBuilder("git", "unpack-objects", "-q").directory(broken.toFile())
                            .redirectInput(p.toFile());
                    assertEquals(0, pb.start().waitFor());
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(0, countObjects(broken, "packs"));
        String blob = GitCli.ok(broken, "rev-parse", "origin/main:mm/new.c").trim();
        String tree = GitCli.ok(broken, "rev-parse", "v1:mm/damon").trim();
        List<String> refs = List.of("v1", "v2", "origin/main");
        Map<String, Map<String, Long>> intact = Progress.count(broken, refs, PROBES, List.of(), 2).counts();
        deleteLoose(broken, blob);
        deleteLoose(broken, tree);

        ProgressResult r = Progress.count(broken, refs, PROBES, List.of(), 2);
        assertEquals(List.of(new ProgressResult.Missing("v1", "mm/damon/", tree),
                        new ProgressResult.Missing("v2", "mm/new.c", blob),
                        new ProgressResult.Missing("origin/main", "mm/new.c", blob)), r.missing());
        for (String ref : refs) {
            for (int i = 0; i < PROBES.size(); i++) {
                String name = PROBES.get(i).name();
                // what the lost objects held, per git grep on the intact origin
                long lost = ref.equals("v1")
                        ? GitCli.grepCount(origin, "-E", REGEXES.get(i), "v1", List.of("mm/damon/*.c", "mm/damon/*.h"))
                        : GitCli.grepCount(origin, "-E", REGEXES.get(i), ref.replace("origin/", ""), List.of("mm/new.c"));
                assertEquals(intact.get(ref).get(name) - lost, r.counts().get(ref).get(name), ref + " " + name);
            }
        }
        assertTrue(Progress.render(Progress.scan(broken, refs, PROBES, Scan.Options.defaults()), Progress.Format.TEXT, true)
                .contains("origin/main: mm/new.c (" + blob + ")"));
        assertTrue(Progress.render(r, Progress.Format.TEXT).contains("3 files missing from the object store, not counted: v1:mm/damon/, v2:mm/new.c, origin/main:mm/new.c (--verbose lists all)\n"));
    }

    private static void deleteLoose(Path repo, String id) {
        try {
            Files.delete(repo.resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test void jsonRoundTrips() {
        ProgressResult r = Progress.count(origin, List.of("v1", "main"), PROBES, List.of(), 2);
        assertEquals(r, Progress.fromJson("p.json", Progress.json(r)));
        InputException e = assertThrows(InputException.class, () -> Progress.fromJson("p.json", "{\"repo\": \"x\",\n  \"refs\": [}"));
        assertTrue(e.getMessage().startsWith("p.json:2:"), e.getMessage());
        assertEquals("p.json: error: progress JSON lacks \"counts\"", assertThrows(InputException.class,
                () -> Progress.fromJson("p.json", "{\"repo\": \"x\", \"refs\": [], \"probes\": []}")).getMessage());
    }

    @Test void notARepositoryAndUnknownRef() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        InputException e = assertThrows(InputException.class, () -> Progress.count(plain, List.of("HEAD"), PROBES, List.of(), 1));
        assertEquals(plain + ": error: not a git repository", e.getMessage());
        Path none = tmp.resolve("does-not-exist");
        assertEquals(none + ": error: not a git repository",
                assertThrows(InputException.class, () -> Progress.count(none, List.of("HEAD"), PROBES, List.of(), 1)).getMessage());
        assertEquals(origin + ": error: unknown ref 'v9'",
                assertThrows(InputException.class, () -> Progress.count(origin, List.of("v1", "v9"), PROBES, List.of(), 1)).getMessage());
        assertFalse(GitCli.run(origin, "rev-parse", "--verify", "-q", "v9").exit() == 0);
    }
}
