package memdesc.cli.bench;

import memdesc.git.Probe;
import memdesc.git.Progress;
import memdesc.git.ProgressResult;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code memdesc bench progress}: our per-probe count over 5 refs of a kernel-like repository
 * (≥ 20,000 files, each ref churning a few percent of them, packed like a real clone) against a loop
 * of {@code git grep -c -E '<all probes combined>' REF -- '*.c' '*.h'}, git's fastest use, which
 * gives only the combined count. Also runs git once per probe and ref to check our counts.
 * The repository is built once and kept under /tmp.
 */
@Command(name = "progress", mixinStandardHelpOptions = true,
        description = "Times memdesc progress against a git grep loop on a generated kernel-like repository.")
public final class ProgressBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", description = "Where the repository is kept (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("/tmp/memdesc-progress-bench");

    @Option(names = "--files", description = "Files per ref (default: ${DEFAULT-VALUE}).")
    int files = 20_000;

    @Option(names = "--refs", split = ",", paramLabel = "N|REF",
            description = "Generated repository: how many refs (default: 5). With --repo: the refs, as progress --refs takes them (default: every tag).")
    List<String> refsArg = new ArrayList<>();

    int refs = 5;

    @Option(names = "--churn", description = "Percent of the files each ref changes (default: ${DEFAULT-VALUE}).")
    int churn = 3;

    @Option(names = "--runs", description = "Timed runs of our count, after a first (cold) one (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--skip-git", description = "Time only our count (no git runs, no check).")
    boolean skipGit;

    @Option(names = "--repo", paramLabel = "PATH", description = "Time on this repository (e.g. a real kernel) instead of the generated one.")
    Path realRepo;

    @Option(names = "--check", description = "With --repo: also run git grep once per probe and ref and compare (slow).")
    boolean check;

    @Option(names = "--roadmap", paramLabel = "FILE", description = "With --repo: whose probes to count (default: roadmap.yaml here, else the one built in).")
    String roadmap;

    public static final List<Probe> PROBES = List.of(
            new Probe("page->mapping", "\\bpage->mapping\\b", false),
            new Probe("page->index", "\\bpage->index\\b", false),
            new Probe("folio->page", "folio->page\\b", false),
            new Probe("PageFlag()", "\\bPage(Locked|Dirty|Uptodate|Writeback)\\(", false),
            new Probe("lock_page()", "\\b(un)?lock_page\\(", false),
            new Probe("struct page *", "struct page \\*", false),
            new Probe("page_folio()", "\\bpage_folio\\(", false),
            new Probe("folio calls", "\\bfolio_[a-z_]+\\(", false));

    @Override public Integer call() throws Exception {
        if (realRepo != null) return real(spec.commandLine().getOut());
        if (!refsArg.isEmpty()) {
            try {
                refs = Integer.parseInt(refsArg.get(0));
            } catch (NumberFormatException e) {
                throw new memdesc.steps.InputException("--refs '" + refsArg.get(0) + "': error: without --repo, expected a number of refs");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Path repo = dir.resolve("linux.git");
        String stamp = "files=" + files + " refs=" + refs + " churn=" + churn + " v1";
        Path marker = dir.resolve("built");
        if (!Files.exists(marker) || !Files.readString(marker).equals(stamp)) {
            long t0 = System.nanoTime();
            build(repo);
            Files.writeString(marker, stamp);
            out.printf("built %s (%s) in %.1f s%n", repo, stamp, (System.nanoTime() - t0) / 1e9);
        } else {
            out.printf("using %s (%s)%n", repo, stamp);
        }
        List<String> refNames = new ArrayList<>();
        for (int r = 0; r < refs; r++) refNames.add("r" + r);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("%d probes, %d refs, %d cores; pack %.1f MB%n", PROBES.size(), refs, cores, packBytes(repo) / 1e6);

        ProgressResult result = null;
        double c0 = selfCpu();
        long cold = System.nanoTime();
        result = Progress.count(repo, refNames, PROBES, List.of(), 0);
        double coldS = (System.nanoTime() - cold) / 1e9;
        double coldCpu = selfCpu() - c0;
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            double c = selfCpu();
            long t = System.nanoTime();
            result = Progress.count(repo, refNames, PROBES, List.of(), 0);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            bestCpu = Math.min(bestCpu, selfCpu() - c);
        }
        out.printf("load average now: %s", Files.readString(Path.of("/proc/loadavg")));
        long t1 = System.nanoTime();
        Progress.count(repo, refNames, PROBES, List.of(), 1);
        double oneThread = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        Progress.count(repo, List.of(refNames.get(0)), PROBES, List.of(), 0);
        double oneRef = (System.nanoTime() - t2) / 1e9;

        if (skipGit) {
            out.printf("ours: cold %.2f s (cpu %.2f s), best of %d warm %.2f s (cpu %.2f s), 1 thread %.2f s, first ref alone %.2f s%n",
                    coldS, coldCpu, runs, best, bestCpu, oneThread, oneRef);
            out.flush();
            return 0;
        }
        StringBuilder combined = new StringBuilder();
        for (Probe p : PROBES) combined.append(combined.length() == 0 ? "" : "|").append(p.regex());
        double gc0 = childCpu();
        long g0 = System.nanoTime();
        long gitCombinedLines = 0;
        for (String ref : refNames) gitCombinedLines += gitGrep(repo, combined.toString(), ref);
        double gitLoop = (System.nanoTime() - g0) / 1e9;
        double gitLoopCpu = childCpu() - gc0;

        long g1 = System.nanoTime();
        int mismatches = 0;
        for (String ref : refNames) {
            for (Probe p : PROBES) {
                long git = gitGrep(repo, p.regex(), ref);
                long ours = result.counts().get(ref).get(p.name());
                if (git != ours) {
                    mismatches++;
                    out.printf("MISMATCH %s %s: git %d, ours %d%n", ref, p.name(), git, ours);
                }
            }
        }
        double gitPerProbe = (System.nanoTime() - g1) / 1e9;

        out.printf("ours, %d refs x %d probes, per-probe counts: cold %.2f s (cpu %.2f s), best of %d warm %.2f s (cpu %.2f s), "
                + "1 thread %.2f s, first ref alone %.2f s%n", refs, PROBES.size(), coldS, coldCpu, runs, best, bestCpu, oneThread, oneRef);
        out.printf("git grep -c -E combined pattern, loop over %d refs: %.2f s (cpu %.2f s; %d matching lines, combined only)%n",
                refs, gitLoop, gitLoopCpu, gitCombinedLines);
        out.printf("git grep -c -E per probe, %d runs: %.2f s; our counts %s git's%n",
                refs * PROBES.size(), gitPerProbe, mismatches == 0 ? "equal" : "DIFFER from");
        out.printf("speed-up over the combined git loop: wall %.1fx warm, %.1fx cold; cpu %.1fx warm, %.1fx cold%n",
                gitLoop / best, gitLoop / coldS, gitLoopCpu / bestCpu, gitLoopCpu / coldCpu);
        out.println("counts (ref down, probe across):");
        out.print(Progress.render(result, Progress.Format.TSV));
        out.flush();
        return mismatches == 0 ? 0 : 1;
    }

    /**
     * On a real repository, in one run: the lower bound (every unique blob inflated once, nothing
     * counted), our scan with every roadmap probe and per-file counts (no cache), and a loop of
     * {@code git grep -c -E 'P1|P2|...' REF -- '*.c' '*.h'} over the same refs; then the ratios.
     */
    private int real(PrintWriter out) throws Exception {
        Path repo = realRepo.toAbsolutePath();
        List<Probe> probes = memdesc.cli.ProgressCommand.roadmapProbes(roadmap);
        List<String> refs = Progress.expandRefs(repo, refsArg.isEmpty() ? List.of("*") : refsArg);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("%s: %d refs (%s), %d roadmap probes, %d cores; load average %s", repo, refs.size(), String.join(" ", refs),
                probes.size(), cores, Files.readString(Path.of("/proc/loadavg")));
        out.flush();

        double c0 = selfCpu();
        long t0 = System.nanoTime();
        long[] inflated = Progress.inflateAll(repo, refs, List.of(), 0);
        double inflWall = (System.nanoTime() - t0) / 1e9, inflCpu = selfCpu() - c0;
        out.printf("lower bound, inflate every unique blob once: %.2f s (cpu %.2f s), %d blobs, %.0f MB%n",
                inflWall, inflCpu, inflated[0], inflated[1] / 1e6);
        out.flush();

        c0 = selfCpu();
        t0 = System.nanoTime();
        memdesc.git.Scan scan = Progress.scan(repo, refs, probes, memdesc.git.Scan.Options.defaults());
        memdesc.git.Breakdown files = Progress.breakdown(scan, memdesc.git.Breakdown.By.FILE, 0);
        double oursWall = (System.nanoTime() - t0) / 1e9, oursCpu = selfCpu() - c0;
        out.printf("memdesc progress, %d probes, per-file counts (%d files with a match), no cache: %.2f s (cpu %.2f s)%n",
                probes.size(), files.rows().size(), oursWall, oursCpu);
        out.flush();
        if (skipGit) return 0;

        StringBuilder combined = new StringBuilder();
        for (Probe p : probes) combined.append(combined.length() == 0 ? "" : "|").append(p.regex());
        double gc0 = childCpu();
        long g0 = System.nanoTime();
        long gitLines = 0;
        for (String ref : refs) gitLines += gitGrep(repo, combined.toString(), ref);
        double gitWall = (System.nanoTime() - g0) / 1e9, gitCpu = childCpu() - gc0;
        out.printf("git grep -c -E '<%d probes combined>' REF -- '*.c' '*.h', loop over %d refs: %.2f s (cpu %.2f s), %d lines%n",
                probes.size(), refs.size(), gitWall, gitCpu, gitLines);
        out.printf("ratio ours/git: wall %.2fx, cpu %.2fx (goal <= 0.3x); ours/lower bound: wall %.2fx, cpu %.2fx%n",
                oursWall / gitWall, oursCpu / gitCpu, oursWall / inflWall, oursCpu / inflCpu);
        int mismatches = 0;
        if (check) {
            for (String ref : refs) {
                for (Probe p : probes) {
                    long git = gitGrep(repo, p.regex(), ref);
                    long ours = scan.all().counts().get(ref).get(p.name());
                    if (git != ours) {
                        mismatches++;
                        out.printf("MISMATCH %s %s: git %d, ours %d%n", ref, p.name(), git, ours);
                    }
                }
            }
            out.printf("per-probe counts %s git grep's (%d refs x %d probes)%n", mismatches == 0 ? "equal" : "DIFFER from",
                    refs.size(), probes.size());
        }
        out.flush();
        return mismatches == 0 ? 0 : 1;
    }

    /** CPU seconds of this JVM (all threads) so far. */
    private static double selfCpu() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** CPU seconds of reaped child processes (git), from /proc/self/stat cutime + cstime. */
    private static double childCpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // fields 16, 17; USER_HZ = 100
    }

    private static long packBytes(Path repo) throws IOException {
        try (var s = Files.list(repo.resolve("objects/pack"))) {
            return s.filter(p -> p.toString().endsWith(".pack")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long gitGrep(Path repo, String regex, String ref) throws Exception {
        Process p = new ProcessBuilder("git", "--git-dir=" + repo, "grep", "-c", "-E", "-e", regex, ref, "--", "*.c", "*.h")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long sum = 0;
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) sum += Long.parseLong(line.substring(line.lastIndexOf(':') + 1));
        }
        int exit = p.waitFor();
        if (exit > 1) throw new IllegalStateException("git grep exited " + exit);
        return sum;
    }

    // ---- the repository -------------------------------------------------------------------------

    private static final String[] TOP = {"arch", "block", "crypto", "drivers", "fs", "include", "init", "io_uring",
            "ipc", "kernel", "lib", "mm", "net", "security", "sound", "virt"};

    private void build(Path repo) throws Exception {
        if (Files.exists(repo)) {
            try (var walk = Files.walk(repo)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.toFile()).setBare().build()) {
            r.create(true);
            // path -> content version; 40 subdirectories per top-level dir, 2 levels deep like the kernel
            Map<String, Integer> version = new TreeMap<>();
            int perDir = 25;
            for (int i = 0; i < files; i++) {
                int dirNo = i / perDir;
                String d = TOP[dirNo % TOP.length] + "/sub" + (dirNo / TOP.length) + "/part" + (dirNo % 3);
                version.put(d + "/file" + (i % perDir) + (i % 5 == 0 ? ".h" : ".c"), 0);
                if (i % perDir == 0) {
                    version.put(d + "/Makefile", 0);
                    version.put(d + "/README.txt", 0);
                }
            }
            List<String> paths = new ArrayList<>(version.keySet());
            Random pick = new Random(42);
            ObjectId parent = null;
            try (ObjectInserter ins = r.newObjectInserter()) {
                for (int ref = 0; ref < refs; ref++) {
                    if (ref > 0) {
                        for (int n = 0; n < paths.size() * churn / 100; n++) {
                            String p = paths.get(pick.nextInt(paths.size()));
                            version.put(p, ref);
                        }
                    }
                    Map<String, ObjectId> blobs = new TreeMap<>();
                    for (Map.Entry<String, Integer> e : version.entrySet()) {
                        blobs.put(e.getKey(), ins.insert(Constants.OBJ_BLOB, content(e.getKey(), e.getValue())));
                    }
                    ObjectId tree = tree(ins, blobs, "");
                    CommitBuilder c = new CommitBuilder();
                    PersonIdent who = new PersonIdent("Bench", "bench@example.org",
                            Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86400L * ref), ZoneOffset.UTC);
                    c.setAuthor(who);
                    c.setCommitter(who);
                    c.setTreeId(tree);
                    if (parent != null) c.setParentId(parent);
                    c.setMessage("ref " + ref + "\n");
                    parent = ins.insert(c);
                    ins.flush();
                    RefUpdate u = r.updateRef("refs/heads/r" + ref);
                    u.setNewObjectId(parent);
                    u.forceUpdate();
                }
            }
            RefUpdate head = r.updateRef(Constants.HEAD);
            head.link("refs/heads/r" + (refs - 1));
        }
        Process gc = new ProcessBuilder("git", "--git-dir=" + repo, "repack", "-adq").inheritIO().start();
        if (gc.waitFor() != 0) throw new IllegalStateException("git repack failed");
        Process prune = new ProcessBuilder("git", "--git-dir=" + repo, "prune-packed").inheritIO().start();
        if (prune.waitFor() != 0) throw new IllegalStateException("git prune-packed failed");
    }

    /** Writes the trees for the paths under {@code prefix} (paths relative to the root, sorted). */
    private static ObjectId tree(ObjectInserter ins, Map<String, ObjectId> blobs, String prefix) throws IOException {
        // group direct children: files and subdirectories
        TreeMap<String, Object> children = new TreeMap<>(ProgressBench::gitOrder);
        Map<String, Map<String, ObjectId>> subs = new TreeMap<>();
        for (Map.Entry<String, ObjectId> e : blobs.entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) children.put(rest, e.getValue());
            else subs.computeIfAbsent(rest.substring(0, slash), k -> new TreeMap<>()).put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Map<String, ObjectId>> s : subs.entrySet()) {
            children.put(s.getKey() + "/", tree(ins, s.getValue(), prefix + s.getKey() + "/"));
        }
        TreeFormatter f = new TreeFormatter();
        for (Map.Entry<String, Object> c : children.entrySet()) {
            String name = c.getKey();
            if (name.endsWith("/")) f.append(name.substring(0, name.length() - 1), FileMode.TREE, (ObjectId) c.getValue());
            else f.append(name, FileMode.REGULAR_FILE, (ObjectId) c.getValue());
        }
        return ins.insert(f);
    }

    /** Git sorts tree entries by name, a directory as if its name ended in '/'. */
    private static int gitOrder(String a, String b) {
        return a.compareTo(b);
    }

    private static final String[] PLAIN = {
            "\tint ret = 0;", "\tunsigned long flags;", "\tspin_lock_irqsave(&zone->lock, flags);",
            "\tspin_unlock_irqrestore(&zone->lock, flags);", "\tif (!ptr)", "\t\treturn -ENOMEM;",
            "\tkfree(buf);", "\tlist_del(&entry->list);", "\tret = do_something(dev, id);", "\tif (ret < 0)",
            "\t\tgoto out;", "\t/* The caller holds the mmap lock; see the comment above. */", "out:",
            "\treturn ret;", "\tWARN_ON_ONCE(nr > MAX_ORDER);", "\tsize = ALIGN(size, PAGE_SIZE);",
            "\tatomic_inc(&stats->count);", "\tmemset(data, 0, sizeof(*data));", "\tpr_debug(\"%s: %d\\n\", __func__, ret);",
            "\tvma = find_vma(mm, addr);", "\tnr_pages = DIV_ROUND_UP(len, PAGE_SIZE);", "", "\t}", "\t{",
    };
    private static final String[] OLD = {
            "\tstruct address_space *mapping = page->mapping;", "\tpgoff_t index = page->index;",
            "\tif (PageLocked(page))", "\tlock_page(page);", "\tunlock_page(page);", "\tstruct page *page = pfn_to_page(pfn);",
            "\tif (PageDirty(page) && !PageWriteback(page))", "\tset_page_dirty(page);", "\tput_page(page);",
            "\tif (!PageUptodate(page))", "\tpage->index = offset >> PAGE_SHIFT;", "\tpage->mapping = NULL;",
    };
    private static final String[] NEW = {
            "\tstruct address_space *mapping = folio->mapping;", "\tpgoff_t index = folio->index;",
            "\tif (folio_test_locked(folio))", "\tfolio_lock(folio);", "\tfolio_unlock(folio);",
            "\tstruct folio *folio = page_folio(page);", "\tif (folio_test_dirty(folio) && !folio_test_writeback(folio))",
            "\tfolio_mark_dirty(folio);", "\tfolio_put(folio);", "\tstruct page *head = &folio->page;",
            "\tfolio->index = offset >> PAGE_SHIFT;", "\tfolio->mapping = NULL;",
    };

    /** Kernel-like C: functions of mostly plain lines, some page-era lines, converted to folios as versions advance. */
    private static byte[] content(String path, int version) {
        Random rnd = new Random(path.hashCode() * 31L + version);
        StringBuilder s = new StringBuilder(12_000);
        s.append("// SPDX-License-Identifier: GPL-2.0\n/*\n * ").append(path).append(" v").append(version)
                .append("\n */\n#include <linux/mm.h>\n#include <linux/pagemap.h>\n\n");
        if (path.endsWith("Makefile")) return ("obj-y += file0.o file1.o # page->mapping\n").getBytes(StandardCharsets.UTF_8);
        if (path.endsWith(".txt")) return ("page->mapping is going away (" + path + ")\n").getBytes(StandardCharsets.UTF_8);
        double converted = 0.1 + 0.15 * version; // share of page-era lines already converted
        int functions = 8 + rnd.nextInt(14);
        for (int f = 0; f < functions; f++) {
            s.append("static int ").append(path.hashCode() & 0xffff).append("_fn").append(f)
                    .append("(struct page *page, unsigned long pfn)\n{\n");
            int lines = 10 + rnd.nextInt(30);
            for (int l = 0; l < lines; l++) {
                if (rnd.nextInt(100) < 8) {
                    int k = rnd.nextInt(OLD.length);
                    s.append(rnd.nextDouble() < converted ? NEW[k] : OLD[k]).append('\n');
                } else {
                    s.append(PLAIN[rnd.nextInt(PLAIN.length)]).append('\n');
                }
            }
            s.append("}\n\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
