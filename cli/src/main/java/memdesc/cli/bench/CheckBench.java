package memdesc.cli.bench;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.verify.Check;
import memdesc.verify.Independence;
import memdesc.verify.VerdictCache;
import memdesc.verify.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code memdesc bench check}: the wall time of {@code memdesc check} (no cache) on the default 4 GiB
 * machine and how it grows with 1, 4, 16 and 64 GiB; independence over the immediate phase with every
 * core; and a re-check after editing the last step with a warm cache. Each figure is the best of a few
 * runs after a warm-up run, in this JVM (JVM start is not included: it is measured by the shell).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Times memdesc check (machine sizes), independence (immediate phase) and a cached re-check.")
public final class CheckBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--roadmap", paramLabel = "FILE", description = "The roadmap (default: roadmap.yaml here, else the one built in).")
    Path roadmap;

    @Option(names = "--runs", description = "Timed runs per figure after a warm-up (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--sizes", split = ",", description = "Machine sizes for the growth figures (default: ${DEFAULT-VALUE}).")
    List<String> sizes = List.of("1GiB", "4GiB", "16GiB", "64GiB");

    @Option(names = "--java-opt", paramLabel = "OPT", description = "A JVM option for the fresh-JVM figures (repeatable), e.g. -XX:TieredStopAtLevel=1.")
    List<String> javaOpts = new java.util.ArrayList<>();

    @Option(names = "--independence-machine", description = "Machine size for independence (default: ${DEFAULT-VALUE}).")
    String indMachine = "256MiB";

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path file = roadmap != null ? roadmap : Files.exists(Path.of("roadmap.yaml")) ? Path.of("roadmap.yaml") : null;
        String text = file != null ? Files.readString(file, StandardCharsets.UTF_8) : null;
        Roadmap r = text != null ? RoadmapLoader.parse(file.toString(), text.getBytes(StandardCharsets.UTF_8)) : RoadmapLoader.bundled();
        int cores = Runtime.getRuntime().availableProcessors();
        int states = r.steps().size() + 1;
        out.printf("roadmap %s: %d states; %d cores; best of %d runs after a warm-up; no JVM start%n", r.file(), states, cores, runs);

        // 1. check, no cache, per machine size
        out.println("check (no cache, every core):");
        for (String size : sizes) {
            long bytes = memdesc.cost.MemoryCost.parseSize(size);
            Check c = new Check(Verification.standard(bytes, 1), null, cores);
            double first = time(() -> c.run(r, v -> {}));
            Timed best = best(() -> c.run(r, v -> {}));
            out.printf("  machine %-6s  %d states  first %.2f s  best %.3f s  %.0f states/s  %.2f cores busy%n", size, states, first,
                    best.wall, states / best.wall, best.busy());
        }

        // 2. independence over every independent phase, every core and one core
        long indBytes = memdesc.cost.MemoryCost.parseSize(indMachine);
        for (var phase : new Independence(new Check(Verification.standard(indBytes, 1), null, 1)).independentPhases(r)) {
            for (int jobs : cores > 1 ? new int[] {cores, 1} : new int[] {1}) {
                Independence ind = new Independence(new Check(Verification.standard(indBytes, 1), null, jobs));
                Independence.Result[] res = new Independence.Result[1];
                time(() -> res[0] = ind.run(r, phase.id()));
                Timed best = best(() -> res[0] = ind.run(r, phase.id()));
                out.printf("independence %s (%d steps, %d subsets, %d orders, %d distinct states), machine %s, %d job%s: best %.3f s, %.2f cores busy (%s)%n",
                        phase.id(), res[0].steps().size(), res[0].subsets(), res[0].orders(), res[0].distinctStates(), indMachine,
                        jobs, jobs == 1 ? "" : "s", best.wall, best.busy(), res[0].independent() ? "independent" : "NOT independent");
            }
        }

        // 3. re-check after editing the last step, warm cache (a fresh cache directory)
        if (text == null) {
            out.println("re-check: skipped (needs a roadmap file to edit; run in the repository or pass --roadmap)");
        } else {
            Path dir = Files.createTempDirectory("memdesc-bench-cache");
            try {
                long bytes = Verification.DEFAULT_MACHINE;
                Check cached = new Check(Verification.standard(bytes, 1), new VerdictCache(dir), cores);
                double cold = time(() -> cached.run(r, v -> {}));
                double best = Double.MAX_VALUE;
                long reverified = 0;
                for (int i = 0; i < runs; i++) {
                    Roadmap edited = RoadmapLoader.parse(file.toString(), editLast(text, r, i).getBytes(StandardCharsets.UTF_8));
                    Check.Result[] res = new Check.Result[1];
                    best = Math.min(best, time(() -> res[0] = cached.run(edited, v -> {})));
                    reverified = res[0].verdicts().stream().filter(v -> !v.cached()).count();
                }
                out.printf("re-check after editing the last step, warm cache, machine 4GiB: cold %.2f s, best %.3f s (%d of %d states re-verified)%n",
                        cold, best, reverified, states);
            } finally {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
        if (text != null) wallClock(out, file, text, r);
        out.flush();
        return 0;
    }

    /**
     * What a user sees: {@code memdesc check} as a fresh process (JVM start included), no cache; and a
     * re-check after editing the last step with a warm cache, less the JVM start ({@code --version}).
     */
    private void wallClock(PrintWriter out, Path file, String text, Roadmap r) throws IOException {
        Path jar;
        try {
            jar = Path.of(CheckBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            out.println("wall clock: skipped (" + e + ")");
            return;
        }
        if (!Files.isRegularFile(jar)) {
            out.println("wall clock: skipped (not running from the jar; build it with mvn -DskipTests package)");
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path dir = Files.createTempDirectory("memdesc-bench-wall");
        try {
            Path cache = dir.resolve("cache");
            Path edited = dir.resolve("roadmap.yaml");
            double[] start = new double[runs], full = new double[runs], beyond = new double[runs];
            for (int i = 0; i < runs; i++) {
                start[i] = wall(java, jar, cache, "--version");
                full[i] = wall(java, jar, cache, "check", file.toString(), "--no-cache");
                Files.writeString(edited, text);
                wall(java, jar, cache, "check", edited.toString());
                Files.writeString(edited, editLast(text, r, 100 + i));
                beyond[i] = wall(java, jar, cache, "check", edited.toString()) - start[i];
            }
            List<String> launcher = launcherOpts();
            List<String> opts = new java.util.ArrayList<>(launcher);
            opts.addAll(javaOpts);
            // started as java -jar, the fresh JVMs lack the launcher's JIT options and run slower than ./memdesc
            String note = (opts.isEmpty() ? "" : " (" + String.join(" ", opts) + ")")
                    + (launcher.isEmpty() ? " (without the launcher's options: ./memdesc bench check measures what a user sees)" : "");
            out.printf("wall clock, fresh JVM each%s, best / median of %d: JVM start (--version) %s s; check --no-cache (4GiB) %s s;"
                    + " re-check after editing the last step %s s beyond JVM start%n",
                    note, runs, bestMedian(start), bestMedian(full), bestMedian(beyond));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** "best / median" of some seconds. */
    static String bestMedian(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(java.util.Locale.ROOT, "%.2f / %.2f", s[0], median);
    }

    private double wall(String java, Path jar, Path cache, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(launcherOpts());
        cmd.addAll(javaOpts);
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MEMDESC_CACHE", cache.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        try {
            int rc = p.waitFor();
            if (rc > 1) throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The launcher's options this JVM was started with (JIT, heap, class-data archive), so that a fresh
     * JVM runs as ./memdesc would.
     */
    static List<String> launcherOpts() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.matches("-XX:(FreqInlineSize|InlineSmallCode|MaxInlineLevel|TieredStopAtLevel|MaxRAMPercentage|SharedArchiveFile)=.*"
                        + "|-Xshare:.*|-Xlog:(cds|class\\+path).*")).toList();
    }

    /** The roadmap text with a change added to the last step: a config symbol (unique to run i) no struct reads. */
    static String editLast(String text, Roadmap r, int i) {
        String id = r.steps().get(r.steps().size() - 1).id();
        int at = text.indexOf("- id: " + id);
        int changes = text.indexOf("changes:", at);
        int eol = text.indexOf('\n', changes);
        String indent = " ".repeat(text.lastIndexOf('\n', changes) < 0 ? 0 : changes - text.lastIndexOf('\n', changes) - 1 + 2);
        return text.substring(0, eol + 1) + indent + "- config: {symbol: CONFIG_MEMDESC_BENCH_EDIT_" + i + ", value: \"1\"}\n" + text.substring(eol + 1);
    }

    /**
     * Wall seconds and this process's CPU seconds (every thread, JIT and GC included): CPU over wall is how
     * many cores the run kept busy. On a shared machine other processes lower it too.
     */
    private record Timed(double wall, double cpu) {
        double busy() {
            return cpu / wall;
        }
    }

    private Timed best(Runnable r) {
        Timed best = null;
        for (int i = 0; i < runs; i++) {
            long c0 = cpuNanos(), t0 = System.nanoTime();
            r.run();
            Timed t = new Timed((System.nanoTime() - t0) / 1e9, (cpuNanos() - c0) / 1e9);
            if (best == null || t.wall < best.wall) best = t;
        }
        return best;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
