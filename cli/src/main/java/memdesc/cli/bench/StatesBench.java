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

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Lays out every struct of every state of the roadmap (both ABIs, as the build check does) and runs the
 * build check on it: the first pass after JVM start, then warm passes.
 */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = "Time the build check (every struct of every state laid out; ILP32 too where a type table is checked).")
public final class StatesBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--passes", defaultValue = "20", description = "warm passes (default ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--roadmap", paramLabel = "FILE", description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    Path roadmap;

    @Override public Integer call() {
        if (passes < 1) throw new InputException("memdesc bench states: --passes must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        long jvm = ManagementFactory.getRuntimeMXBean().getUptime();
        Roadmap r = roadmap != null ? RoadmapLoader.load(roadmap)
                : Files.exists(Path.of("roadmap.yaml")) ? RoadmapLoader.load(Path.of("roadmap.yaml")) : RoadmapLoader.bundled();
        List<State> states = r.states();
        long t0 = System.nanoTime();
        int structs = pass(r, states);
        double first = (System.nanoTime() - t0) / 1e6;
        double[] warm = new double[passes];
        double[] fresh = new double[passes];
        for (int i = 0; i < passes; i++) {
            BuildCheck.forgetParses();
            long t = System.nanoTime();
            pass(r, states);
            fresh[i] = (System.nanoTime() - t) / 1e6;
        }
        for (int i = 0; i < passes; i++) {
            long t = System.nanoTime();
            pass(r, states);
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        Arrays.sort(fresh);
        out.printf("build check of %s: %d states, %d struct layouts per pass (LP64, and ILP32 for type tables)%n", r.file(), states.size(), structs);
        out.printf("JVM up for %d ms before the first pass%n", jvm);
        out.printf("first pass (cold JVM, each distinct struct text parsed once): %8.1f ms%n", first);
        out.printf("warm JVM, every struct parsed again:   %8.1f ms min, %8.1f ms median (%d passes)%n", fresh[0], fresh[passes / 2], passes);
        out.printf("warm JVM, parses memoized (a re-check): %8.1f ms min, %8.1f ms median (%d passes)%n", warm[0], warm[passes / 2], passes);
        out.flush();
        return 0;
    }

    private static int pass(Roadmap r, List<State> states) {
        int n = 0;
        for (State s : states) {
            BuildCheck.Result res = BuildCheck.check(r, s);
            n += res.layouts().byAbi().values().stream().mapToInt(m -> m.size()).sum();
        }
        return n;
    }
}
