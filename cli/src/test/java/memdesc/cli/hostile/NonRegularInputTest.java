package memdesc.cli.hostile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 18, the classes the generative families cannot reach cheaply: a FIFO (made with mkfifo) given as any
 * input file, with no writer or a silent one, is refused with the named wait limit and never blocks, while a
 * FIFO that is written still reads; a damaged object store (garbage pack, alternates missing, pointing at
 * themselves or looping, a configuration value JGit cannot parse) is refused before progress counts anything. The wait is cut to 1 s here
 * ({@code memdesc.inputWait}); the default, 10 s, is the same code.
 */
class NonRegularInputTest {
    @TempDir Path dir;
    private String saved;

    @BeforeEach void shortWait() {
        saved = System.getProperty("memdesc.inputWait");
        System.setProperty("memdesc.inputWait", "1");
    }

    @AfterEach void restore() {
        if (saved == null) System.clearProperty("memdesc.inputWait");
        else System.setProperty("memdesc.inputWait", saved);
    }

    private Path fifo(String name) throws Exception {
        Path f = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", f.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return f;
    }

    private static String errorLine(Harness.Result r) {
        return r.err().lines().filter(l -> l.contains(": error: ")).findFirst().orElse("(none) " + r.err());
    }

    /** The helper threads that read non-regular files have all let go (none is left blocked in open or read). */
    private static void helpersGone() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("memdesc-input")) t.join(5_000);
        }
        List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("memdesc-input")).toList();
        assertEquals(List.of(), alive, "helper threads still blocked");
    }

    @Test void aFifoWithNoWriterIsRefusedAsEveryInput() throws Exception {
        Path f = fifo("fifo");
        Path flags = Files.write(dir.resolve("flags.bin"), new byte[8 * 16]);
        String[][] commands = {
            {"layout", "--file", "fifo"},
            {"validate", "fifo"},
            {"steps", "fifo"},
            {"cost", "--kpageflags", f.toString()},
            {"cost", "--kpageflags", flags.toString(), "--kpagecount", f.toString()},
            {"cost", "--mix", f.toString(), "baseline"},
        };
        for (String[] c : commands) {
            Harness.Result r = Harness.run(dir, List.of(c));
            assertNull(Harness.judge(r, null), String.join(" ", c));
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertTrue(errorLine(r).matches("\\S*fifo: error: a FIFO that gave nothing for 1 s \\(nothing opened it for writing\\): the limit for a .+ that is not a regular file"),
                    String.join(" ", c) + ": " + errorLine(r));
        }
        helpersGone();
    }

    @Test void aFifoWhoseWriterFallsSilentIsRefusedToo() throws Exception {
        Path f = fifo("silent.h");
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(f)) {
                out.write("struct a { int x;".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(4_000); // holds the FIFO open, writing nothing more
            } catch (IOException | InterruptedException ignored) {
                // the reader gave up and closed: the write end sees a broken pipe
            }
        });
        writer.start();
        Harness.Result r = Harness.run(dir, List.of("layout", "--file", "silent.h"));
        assertEquals(2, r.status(), r.err());
        assertEquals("silent.h: error: a FIFO that gave nothing for 1 s: the limit for a C header that is not a regular file", errorLine(r));
        writer.interrupt();
        writer.join();
        helpersGone();
    }

    @Test void aFifoThatIsWrittenIsRead() throws Exception {
        Path f = fifo("piped.h");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(f, "struct a { int x; long y; };\n");
            } catch (IOException ignored) {
                // the test fails on the reader's side
            }
        });
        writer.start();
        Harness.Result r = Harness.run(dir, List.of("layout", "--file", "piped.h"));
        writer.join();
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("struct a: size 16, align 8"), r.out());
        helpersGone();
    }

    // ---- damaged object stores -------------------------------------------------------------------

    private Path repo(String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        HostileInputTest.makeRepo(d, 3, false);
        return d;
    }

    private static Harness.Result progress(Path repo) {
        return Harness.run(repo.getParent(), List.of("progress", "--no-cache", "--threads", "1", "--repo", repo.toString(),
                "--refs", "HEAD", "--probe", "index=page->index"));
    }

    /** A loose object replaced by a stream claiming {@code header}, in place of mm.c's blob. */
    private static void replaceBlob(Path repo, String header) throws Exception {
        String id;
        try (var r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(repo.resolve(".git").toFile()).build()) {
            try (var w = org.eclipse.jgit.treewalk.TreeWalk.forPath(r, "mm.c", r.parseCommit(r.resolve("HEAD")).getTree())) {
                id = w.getObjectId(0).name();
            }
        }
        Path o = repo.resolve(".git/objects/" + id.substring(0, 2) + "/" + id.substring(2));
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(bo)) {
            z.write(header.getBytes(StandardCharsets.ISO_8859_1));
        }
        Files.delete(o);
        Files.write(o, bo.toByteArray());
    }

    @Test void anUnreadableObjectIsOneLineNamingItAndTheRepository() throws Exception {
        Path absurd = repo("absurd");
        replaceBlob(absurd, "blob 99999999999999\0abc");
        Path corrupt = repo("corrupt");
        replaceBlob(corrupt, "blub 12\0abc");
        for (Path p : List.of(absurd, corrupt)) {
            Harness.Result r = progress(p);
            assertNull(Harness.judge(r, null), p.toString());
            assertEquals(2, r.status(), r.out() + r.err());
            assertTrue(errorLine(r).matches(java.util.regex.Pattern.quote(p.toString()) + ": error: (cannot read )?blob [0-9a-f]{40} \\(mm\\.c\\).*"), errorLine(r));
        }
    }

    @Test void aDamagedStoreIsRefusedBeforeAnythingIsCounted() throws Exception {
        Path ok = repo("ok");
        Harness.Result good = progress(ok);
        assertEquals(0, good.status(), good.err());
        assertTrue(good.out().contains("index"), good.out());

        Path garbage = repo("garbage");
        Path pack = Files.createDirectories(garbage.resolve(".git/objects/pack"));
        byte[] junk = new byte[3000];
        new java.util.Random(18).nextBytes(junk);
        Files.write(pack.resolve("pack-0123456789abcdef0123456789abcdef01234567.pack"), junk);
        Files.write(pack.resolve("pack-0123456789abcdef0123456789abcdef01234567.idx"), junk);

        Path missing = repo("missing");
        Files.writeString(missing.resolve(".git/objects/info/alternates"), "/nonexistent/objects\n");
        Path self = repo("self");
        Files.writeString(self.resolve(".git/objects/info/alternates"), self.resolve(".git/objects") + "\n");
        Path loopA = repo("loop-a");
        Path loopB = repo("loop-b");
        Files.writeString(loopA.resolve(".git/objects/info/alternates"), loopB.resolve(".git/objects") + "\n");
        Files.writeString(loopB.resolve(".git/objects/info/alternates"), loopA.resolve(".git/objects") + "\n");

        Path config = repo("config");
        Files.writeString(config.resolve(".git/config"), "[core]\n\trepositoryformatversion = 0\n\tlogallrefupdates = tru"); // truncated

        List<String[]> expect = new ArrayList<>();
        expect.add(new String[] {config.toString(), "/.git/config: Invalid boolean value: core.logallrefupdates=tru"});
        expect.add(new String[] {garbage.toString(), "error: damaged pack " + garbage + "/.git/objects/pack/pack-0123456789abcdef0123456789abcdef01234567.pack"});
        expect.add(new String[] {missing.toString(), "/nonexistent/objects does not exist"});
        expect.add(new String[] {self.toString(), "is this object directory itself"});
        expect.add(new String[] {loopA.toString(), "(a loop of alternates)"});
        for (String[] e : expect) {
            Harness.Result r = progress(Path.of(e[0]));
            assertNull(Harness.judge(r, null), e[0]);
            assertEquals(2, r.status(), e[0] + ": " + r.out() + r.err());
            assertTrue(errorLine(r).startsWith(e[0] + ": error: ") && errorLine(r).contains(e[1]), errorLine(r));
            assertEquals("", r.out(), "nothing counted for " + e[0]);
        }
    }
}
