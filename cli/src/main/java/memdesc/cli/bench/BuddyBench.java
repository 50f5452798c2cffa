package memdesc.cli.bench;

import memdesc.buddy.Buddy;
import memdesc.cost.MemoryCost;
import memdesc.model.Machine;
import memdesc.model.Owner;
import memdesc.model.StateLayouts;
import memdesc.scenario.RunResult;
import memdesc.scenario.Scenarios;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code memdesc bench buddy}: the memmap model's speed. Order-0 alloc+free pairs through the buddy
 * allocator's pcp fast path on one core; all scenarios on one state at two machine sizes; and, from
 * those, the machine size at which one state would take 60 seconds (a linear extrapolation: the work
 * that grows with the machine is boot, the invariant sweeps and free-all).
 */
@Command(name = "buddy", description = "Time order-0 alloc+free pairs, and all scenarios on one state.")
public final class BuddyBench implements Callable<Integer> {
    @Option(names = "--pairs", defaultValue = "50000000", description = "alloc+free pairs to time (default ${DEFAULT-VALUE})")
    long pairs;

    @Option(names = "--step", defaultValue = "baseline", description = "the state (default ${DEFAULT-VALUE})")
    String step;

    @Option(names = "--machine", defaultValue = "4GiB", description = "machine size for the scenarios (default ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--big", defaultValue = "16GiB", description = "second size, for the extrapolation (default ${DEFAULT-VALUE})")
    String big;

    @Option(names = "--each-state", description = "also time all scenarios on every state of the roadmap at --machine (the slowest is the figure that counts)")
    boolean eachState;

    @Option(names = "--repeat", defaultValue = "1", description = "with --each-state: runs per state, the fastest is printed (default ${DEFAULT-VALUE})")
    int repeat;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        if (repeat < 1) throw new memdesc.steps.InputException("memdesc bench buddy: --repeat must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        Roadmap r = Files.exists(Path.of("roadmap.yaml")) ? RoadmapLoader.load(Path.of("roadmap.yaml")) : RoadmapLoader.bundled();
        State s = r.states().get(r.resolve(step));
        long bytes = MemoryCost.parseSize(machine);

        Machine m = new Machine(s, StateLayouts.of(s), bytes, false);
        Buddy b = new Buddy(m);
        b.bootFreeAll();
        long[] keep = new long[64];
        for (int round = 0; round < 2; round++) {      // the first round warms the JIT
            long n = round == 0 ? Math.min(pairs, 5_000_000) : pairs;
            long t0 = System.nanoTime(), c0 = cpu();
            long sink = 0;
            for (long i = 0; i < n; i++) {
                int k = (int) (i & 63);
                if (i >= 64) b.free(keep[k], 0);
                keep[k] = b.alloc(0, Owner.DRIVER);
                sink += keep[k];
            }
            long ns = System.nanoTime() - t0, cns = cpu() - c0;
            if (round == 1)
                out.printf("buddy+pcp order-0 alloc+free (%s, %s): %d pairs in %.3f s = %.1f M pairs/s, %.1f ns/pair"
                                + " (thread CPU %.3f s = %.1f M pairs/s; sink %d)%n",
                        s.stepId(), machine, n, ns / 1e9, n / (ns / 1e9) / 1e6, (double) ns / n,
                        cns / 1e9, n / (cns / 1e9) / 1e6, sink & 1);
        }
        for (long p : keep) b.free(p, 0);

        if (eachState) {
            double worst = 0, sum = 0;
            String worstId = "";
            for (State st : r.states()) {
                Timed best = null;
                for (int i = 0; i < repeat; i++) {
                    Timed t = time(st, bytes);
                    if (best == null || t.sec() < best.sec()) best = t;
                }
                if (!best.res().passed()) {
                    out.printf("all scenarios on %-22s (%s): FAIL %s%n", st.stepId(), machine, best.res().failure().describe());
                    continue;
                }
                out.printf("all scenarios on %-22s (%s): %.2f s (thread CPU %.2f s)%n", st.stepId(), machine, best.sec(), best.cpu());
                out.flush();
                sum += best.sec();
                if (best.sec() > worst) {
                    worst = best.sec();
                    worstId = st.stepId();
                }
            }
            out.printf("%d states: %.1f s in all; slowest %s at %.2f s%n", r.states().size(), sum, worstId, worst);
        }
        double small = timeAll(out, s, bytes, machine);
        long bigBytes = MemoryCost.parseSize(big);
        double large = timeAll(out, s, bigBytes, big);
        double perByte = (large - small) / (bigBytes - bytes);
        if (perByte > 0) {
            double at60 = bytes + (60 - small) / perByte;
            out.printf("one state takes 60 s at about %.0f GiB (linear from %s and %s; heap permitting: the memmap alone is %d bytes per 4 KiB page)%n",
                    at60 / (1L << 30), machine, big, m.pageSize);
        }
        out.flush();
        return 0;
    }

    private record Timed(RunResult res, double sec, double cpu) {}

    /** All scenarios on one state: the result, wall seconds and this thread's CPU seconds. */
    private static Timed time(State s, long bytes) {
        long t0 = System.nanoTime(), c0 = cpu();
        RunResult res = Scenarios.run(s, bytes, 1, List.of());
        return new Timed(res, (System.nanoTime() - t0) / 1e9, (cpu() - c0) / 1e9);
    }

    private static double timeAll(PrintWriter out, State s, long bytes, String label) {
        Timed t = time(s, bytes);
        RunResult res = t.res();
        long ops = res.scenarios().stream().mapToLong(RunResult.ScenarioResult::operations).sum();
        out.printf("all %d scenarios on %s (%s): %s in %.2f s (thread CPU %.2f s), %d operations%n", res.scenarios().size(),
                s.stepId(), label, res.passed() ? "pass" : "FAIL " + res.failure().describe(), t.sec(), t.cpu(), ops);
        return t.sec();
    }

    /** This thread's CPU time: on a shared machine it says what the code costs, whatever else runs. */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
