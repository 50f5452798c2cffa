package memdesc.cli.bench;

import memdesc.build.BuildCheck;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Lays out every struct of every state of the roadmap, and runs the build check on every state (which
 * also lays out ILP32 where a type table is checked): the first pass after JVM start, then warm passes.
 * A first pass is only "first" once per JVM, so the build check's first pass runs in a second JVM that
 * the bench starts with the same options ({@code --cold check}).
 */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Time laying out every struct of every state, and the build check, right after JVM start and warm.")
public final class StatesBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--passes", defaultValue = "20", description = "warm passes (default ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--roadmap", paramLabel = "FILE", description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    Path roadmap;

    @Option(names = "--cold", paramLabel = "layout|check", hidden = true,
            description = "run only this first pass and print its figures on one line (the bench runs itself so)")
    String cold;

    /** One timed pass: wall and CPU time of this thread, and classes loaded meanwhile. */
    private record Figures(double wallMs, double cpuMs, long classes, long uptimeMs) { }

    @Override public Integer call() {
        if (passes < 1) throw new InputException("memdesc bench states: --passes must be at least 1");
        if (cold != null && !cold.equals("layout") && !cold.equals("check"))
            throw new InputException("memdesc bench states: --cold is 'layout' or 'check', not '" + cold + "'");
        PrintWriter out = spec.commandLine().getOut();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long jvm = ManagementFactory.getRuntimeMXBean().getUptime();
        Roadmap r = roadmap != null ? RoadmapLoader.load(roadmap)
                : Files.exists(Path.of("roadmap.yaml")) ? RoadmapLoader.load(Path.of("roadmap.yaml")) : RoadmapLoader.bundled();
        List<State> states = r.states();
        boolean layoutFirst = cold == null || cold.equals("layout");

        long c0 = classes.getTotalLoadedClassCount();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int structs = layoutFirst ? layoutPass(states) : checkPass(r, states);
        long t1 = System.nanoTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        long upAfter = ManagementFactory.getRuntimeMXBean().getUptime();
        Figures first = new Figures((t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6, classes.getTotalLoadedClassCount() - c0, jvm);
        if (cold != null) {
            out.printf(java.util.Locale.ROOT, "cold %s %.3f %.3f %d %d %d%n", cold, first.wallMs(), first.cpuMs(), first.classes(), jvm, structs);
            out.flush();
            return 0;
        }
        Figures check = coldCheck();
        int checked = checkPass(r, states);

        double[] layoutFresh = new double[passes];
        double[] checkFresh = new double[passes];
        double[] checkWarm = new double[passes];
        for (int i = 0; i < passes; i++) {
            BuildCheck.forgetParses();
            long t = System.nanoTime();
            layoutPass(states);
            layoutFresh[i] = (System.nanoTime() - t) / 1e6;
        }
        for (int i = 0; i < passes; i++) {
            BuildCheck.forgetParses();
            long t = System.nanoTime();
            checkPass(r, states);
            checkFresh[i] = (System.nanoTime() - t) / 1e6;
        }
        for (int i = 0; i < passes; i++) {
            long t = System.nanoTime();
            checkPass(r, states);
            checkWarm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(layoutFresh);
        Arrays.sort(checkFresh);
        Arrays.sort(checkWarm);
        out.printf("%s: %d states; laying them out is %d struct layouts (LP64), the build check %d (LP64, and ILP32 for type tables)%n",
                r.file(), states.size(), structs, checked);
        out.printf("JVM up for %d ms before the first pass (then the roadmap is loaded and folded, untimed), %d ms after it%n", jvm, upAfter);
        out.printf("first pass after JVM start, every struct of every state laid out:  %7.1f ms (%.1f ms CPU of this thread, %d classes loaded)%n",
                first.wallMs(), first.cpuMs(), first.classes());
        if (check != null)
            out.printf("first pass after JVM start, the build check of every state:       %7.1f ms (%.1f ms CPU of this thread, %d classes loaded; a second JVM, up for %d ms before it)%n",
                    check.wallMs(), check.cpuMs(), check.classes(), check.uptimeMs());
        else
            out.printf("first pass after JVM start, the build check of every state: not measured (the second JVM did not run)%n");
        out.printf("warm JVM, every struct parsed again, layout only: %7.2f ms min, %7.2f ms median (%d passes)%n", layoutFresh[0], layoutFresh[passes / 2], passes);
        out.printf("warm JVM, every struct parsed again, build check: %7.2f ms min, %7.2f ms median (%d passes)%n", checkFresh[0], checkFresh[passes / 2], passes);
        out.printf("warm JVM, parses memoized (a re-check):           %7.2f ms min, %7.2f ms median (%d passes)%n", checkWarm[0], checkWarm[passes / 2], passes);
        out.flush();
        return 0;
    }

    /** Lays out every struct of every state (LP64, as {@code memdesc layout} does); returns how many. */
    private static int layoutPass(List<State> states) {
        int n = 0;
        for (State s : states) n += BuildCheck.layoutLp64(s).size();
        return n;
    }

    /** Runs the build check on every state; returns how many struct layouts it made. */
    private static int checkPass(Roadmap r, List<State> states) {
        int n = 0;
        for (State s : states) {
            BuildCheck.Result res = BuildCheck.check(r, s);
            for (Map<String, ?> m : res.layouts().byAbi().values()) n += m.size();
        }
        return n;
    }

    /** The build check's first pass, in a JVM started like this one; null if that JVM could not run. */
    private Figures coldCheck() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!a.startsWith("-XX:ArchiveClassesAtExit")) cmd.add(a); // the launcher may be writing its class archive
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "memdesc.cli.Main", "bench", "states", "--cold", "check"));
        if (roadmap != null) cmd.addAll(List.of("--roadmap", roadmap.toAbsolutePath().toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String line;
            Figures f = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                while ((line = in.readLine()) != null) {
                    String[] w = line.trim().split(" ");
                    if (w.length == 7 && w[0].equals("cold") && w[1].equals("check"))
                        f = new Figures(Double.parseDouble(w[2]), Double.parseDouble(w[3]), Long.parseLong(w[4]), Long.parseLong(w[5]));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
            return p.exitValue() == 0 ? f : null;
        } catch (java.io.IOException | NumberFormatException | IllegalThreadStateException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
