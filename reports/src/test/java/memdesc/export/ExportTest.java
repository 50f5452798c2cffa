package memdesc.export;

import memdesc.build.BuildCheck;
import memdesc.cc.GccBackend;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.User;
import memdesc.verify.Bisect;
import memdesc.verify.Check;
import memdesc.verify.Mutations;
import memdesc.verify.Verification;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported history, checked with the real git binary and the real C compiler. */
class ExportTest {
    @TempDir Path tmp;

    static Roadmap repoRoadmap() throws IOException {
        return RoadmapLoader.parse("roadmap.yaml", Files.readAllBytes(Path.of("..", "roadmap.yaml")));
    }

    /** The repo's roadmap with {@code id} moved to the end. */
    static Roadmap moveToEnd(Roadmap r, String id) {
        List<Step> steps = new ArrayList<>(r.steps());
        Step s = steps.remove(r.resolve(id) - 1);
        steps.add(s);
        return Mutations.withSteps(r, steps);
    }

    @Test
    void sameRoadmapSameCommitIdsAndAHistoryGitAccepts() throws IOException {
        Roadmap r = repoRoadmap();
        List<String> log = new ArrayList<>();
        List<Export.Commit> a = Export.run(r, tmp.resolve("a"), log::add);
        List<Export.Commit> b = Export.run(r, tmp.resolve("b"), line -> {});
        assertEquals(r.steps().size() + 1, a.size());
        assertEquals(a, b, "two exports of one roadmap must be the same commits");

        Path dir = tmp.resolve("a");
        // git's own view: one commit per state, oldest first, subjects starting with the step id
        List<String> ids = Proc.gitOk(dir, "log", "--reverse", "--format=%H").lines().toList();
        List<String> subjects = Proc.gitOk(dir, "log", "--reverse", "--format=%s").lines().toList();
        assertEquals(a.stream().map(Export.Commit::id).toList(), ids);
        List<State> states = r.states();
        for (int i = 0; i < states.size(); i++) {
            assertTrue(subjects.get(i).startsWith(states.get(i).stepId() + ": "), subjects.get(i));
            assertEquals(ids.get(i).substring(0, 12) + " " + subjects.get(i), log.get(i));
        }
        Proc.Result fsck = Proc.git(dir, "fsck", "--strict", "--no-dangling");
        assertEquals(0, fsck.exit(), fsck.err());
        assertEquals("", fsck.out() + fsck.err().replaceAll("(?m)^Checking.*\n?", ""));
        // check.sh executable in the tree, work tree clean at the last state on main
        assertTrue(Proc.gitOk(dir, "ls-tree", "HEAD", "check.sh").startsWith("100755 blob "));
        assertEquals("", Proc.gitOk(dir, "status", "--porcelain"));
        assertEquals("main\n", Proc.gitOk(dir, "rev-parse", "--abbrev-ref", "HEAD"));
        assertEquals(ids.get(ids.size() - 1) + "\n", Proc.gitOk(dir, "rev-parse", "HEAD"));
        State last = states.get(states.size() - 1);
        assertTrue(Files.readString(dir.resolve("STATE.md")).startsWith("# State " + last.index() + ": " + last.stepId() + "\n"));
        assertTrue(Files.isExecutable(dir.resolve("check.sh")));
        // every enabled user of the last state has its file; a disabled one does not
        for (User u : last.users().values())
            assertEquals(last.enabled(u.id()), Files.exists(dir.resolve("users/" + u.id() + ".c")), u.id());

        assertEquals(0, checkShAgreesWithTheEngine(r, dir, a), "the repository's roadmap builds in every state");
    }

    /**
     * check.sh is a build check, so git bisect run is compared with memdesc bisect over the build check.
     * The memmap model may find a state bad earlier than any compiler can: with lru-uses moved to the end,
     * LRU users still link folios through the head page's page->lru once folios are separately allocated
     * (dyn-folio), which builds but does not run. So memdesc bisect with the model names a step no later.
     */
    @Test
    void gitBisectRunNamesTheStepMemdescBisectNames() throws IOException {
        Assumptions.assumeTrue(GccBackend.compilerPresent(), "no C compiler: check.sh would skip every commit");
        Roadmap moved = moveToEnd(repoRoadmap(), "lru-uses");
        Bisect.Result engine = new Bisect(new Check(new Verification(64L << 20, 1, null), null, 2)).run(moved, line -> {});
        assertTrue(engine.culprit() != null, "the misplaced roadmap must have a bad last state: " + engine.message());
        Bisect.Result withModel = new Bisect(new Check(Verification.standard(64L << 20, 1), null, 2)).run(moved, line -> {});
        assertTrue(withModel.culprit() != null && withModel.culprit().index() <= engine.culprit().index(),
                "the model finds the first bad state no later than the build check: " + withModel.message());
        String culprit = engine.culprit().stepId();
        // the culprit is not simply the last state: bisect must search
        assertNotEquals("lru-uses", culprit);

        Path dir = tmp.resolve("bisect");
        List<Export.Commit> commits = Export.run(moved, dir, line -> {});
        String first = commits.get(0).id();
        String last = commits.get(commits.size() - 1).id();
        Proc.gitOk(dir, "bisect", "start", last, first);
        Proc.Result run = Proc.git(dir, "bisect", "run", "./check.sh");
        assertEquals(0, run.exit(), run.out() + run.err());
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{40}) is the first bad commit$").matcher(run.out());
        assertTrue(m.find(), run.out());
        String subject = Proc.gitOk(dir, "log", "-1", "--format=%s", m.group(1)).strip();
        assertEquals(culprit, subject.substring(0, subject.indexOf(": ")), run.out());
        Proc.gitOk(dir, "bisect", "reset");

        int bad = checkShAgreesWithTheEngine(moved, dir, commits);
        assertTrue(bad >= 2 && bad < commits.size(), "the misplaced roadmap has good and bad states: " + bad);
    }

    /** check.sh at every commit exits as the layout engine's build verdict says: 0 builds, 1 does not. */
    private static int checkShAgreesWithTheEngine(Roadmap r, Path dir, List<Export.Commit> commits) {
        Assumptions.assumeTrue(GccBackend.compilerPresent(), "no C compiler: check.sh would skip every commit");
        List<State> states = r.states();
        int bad = 0;
        for (Export.Commit c : commits) {
            State s = states.get(c.index());
            boolean builds = BuildCheck.check(r, s).ok();
            Proc.gitOk(dir, "checkout", "-q", c.id());
            Proc.Result sh = Proc.run(dir, Map.of(), "./check.sh");
            assertEquals(builds ? 0 : 1, sh.exit(), s.stepId() + ": the engine says " + (builds ? "builds" : "does not build")
                    + "; check.sh said:\n" + sh.out() + sh.err());
            if (!builds) bad++;
        }
        Proc.gitOk(dir, "checkout", "-q", "main");
        assertEquals("", Proc.gitOk(dir, "status", "--porcelain"), "check.sh must not leave files behind");
        return bad;
    }

    @Test
    void withoutACompilerCheckShSkips() throws IOException {
        Roadmap r = repoRoadmap();
        State base = r.states().get(0);
        Path dir = Files.createDirectories(tmp.resolve("state0"));
        GccBackend.write(Export.files(r, base, null), dir);
        Proc.Result sh = Proc.run(dir, Map.of("CC", "/nonexistent/cc"), "./check.sh");
        assertEquals(125, sh.exit(), sh.out() + sh.err());
        assertTrue(sh.err().contains("no C compiler"), sh.err());
    }

    @Test
    void refusesANonEmptyDirectoryAndWritesNothing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        InputException e = assertThrows(InputException.class, () -> Export.run(repoRoadmap(), dir, line -> {}));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(dir.resolve("keep.txt")), list(dir));
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    }

    @Test
    void refusesAFileAsTarget() throws IOException {
        Path file = Files.writeString(tmp.resolve("target"), "a file");
        InputException e = assertThrows(InputException.class, () -> Export.run(repoRoadmap(), file, line -> {}));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        assertEquals("a file", Files.readString(file));
    }

    @Test
    void theLoaderRejectsAUserIdThatIsAPath() {
        String yaml = """
                name: T
                phases: [{id: p, title: P}]
                baseline:
                  title: b
                  source: {seed: s.txt, section: S}
                  structs: {page: "struct page { int a; };"}
                  users:
                    ../../escape: {file: f.c, title: U, accesses: [page.a]}
                steps: []
                """;
        InputException e = assertThrows(InputException.class,
                () -> RoadmapLoader.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("t.yaml:8:"), e.getMessage());
        assertTrue(e.getMessage().contains("bad user id"), e.getMessage());
    }

    @Test
    void exportRefusesAUserIdThatWouldEscapeTheTargetEvenIfALoaderLetItThrough() throws IOException {
        // a State built in code bypasses the loader's id rule: the export's own guard must hold
        Roadmap r = repoRoadmap();
        State b = r.baseline();
        for (String bad : List.of("../../escape", "/tmp/abs", "x/../../y", ".git", "a b")) {
            Map<String, User> users = new LinkedHashMap<>(b.users());
            users.put(bad, new User(bad, "f.c", "escapee", List.of()));
            State evil = new State(0, State.BASELINE, b.structs(), b.memdescTypes(), users, b.descriptors(), b.helpers(),
                    b.config(), b.disabled(), b.problems());
            Roadmap er = new Roadmap(r.name(), r.file(), r.phases(), evil, r.steps(), r.baselineTitle(), r.baselineSource());
            Path fresh = tmp.resolve("fresh");
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            for (Path target : List.of(fresh, empty)) {
                InputException e = assertThrows(InputException.class, () -> Export.run(er, target, line -> {}), bad);
                assertTrue(e.getMessage().contains("users/" + bad + ".c") && e.getMessage().contains("plain name"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"));
            }
            assertFalse(Files.exists(fresh), "nothing written: " + bad);
            assertEquals(List.of(), list(empty), "nothing written: " + bad);
            try (Stream<Path> all = Files.walk(tmp)) {
                assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith("escape") || p.endsWith("y.c")));
            }
            assertFalse(Files.exists(Path.of("/tmp/abs.c")));
        }
    }

    @Test
    void aUserIdWithADashStillCompiles() throws Exception {
        // the loader accepts step-style user ids ("kmalloc-large"); C function names cannot have '-'
        Assumptions.assumeTrue(GccBackend.compilerPresent(), "no C compiler on this machine");
        String text = Files.readString(Path.of("..", "roadmap.yaml"));
        assertTrue(text.contains("kmalloc_large"));
        Roadmap r = RoadmapLoader.parse("roadmap.yaml", text.replace("kmalloc_large", "kmalloc-large").getBytes(StandardCharsets.UTF_8));
        assertTrue(r.baseline().users().containsKey("kmalloc-large"));
        for (State s : List.of(r.states().get(0), r.states().get(r.resolve("kmalloc-large-page")))) {
            Step step = s.isBaseline() ? null : r.step(s.stepId()).orElseThrow();
            Map<String, String> files = Export.files(r, s, step);
            assertTrue(files.containsKey("users/kmalloc-large.c"));
            GccBackend.Outcome o = GccBackend.compile(files, Files.createDirectories(tmp.resolve("dash" + s.index())));
            assertTrue(o.ok(), s.stepId() + ":\n" + o.output());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
