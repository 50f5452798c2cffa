package memdesc.cli;

import memdesc.cost.MemoryCost;
import memdesc.scenario.RunResult;
import memdesc.scenario.Scenarios;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc run [STEP] [ROADMAP]}: the memmap model's scenarios on one state. */
@Command(name = "run", mixinStandardHelpOptions = true, description = {"Run the memmap model's seeded scenarios on one state.",
        "The state after STEP (default: the baseline); per scenario: operations, result, time, memmap bytes, descriptor bytes.",
        "With --compare the baseline runs too and every trace must equal its trace (exit 1 if not)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "STEP", description = "a step id or number; 0 or 'baseline' (default)")
    String step = "baseline";

    @Parameters(index = "1", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "RAM of the modelled machine: at least 64MiB, a multiple of 4MiB (above 3GiB with the x86 hole below 4GiB),"
                    + " or where it lies: SIZE@ADDRESS,... one node each, e.g. 2GiB@0,2GiB@2TiB (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "the scenarios' seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",", description = "run only these scenarios (repeatable or comma-separated; boot always runs)")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--compare", description = "also run the baseline and compare traces")
    boolean compare;

    @Option(names = "--shadow", description = "turn on the type-confusion checker (slow)")
    boolean shadow;

    @Option(names = "--trace", description = "print every scenario's trace")
    boolean trace;

    @Option(names = "--coverage", description = "also print which helper ran on which kind of page, and which user read (r) or wrote (w) which member")
    boolean coverage;
    @picocli.CommandLine.Mixin FormatOption format;

    @Spec CommandSpec spec;

    private int json(PrintWriter out, State s, memdesc.memory.Placement placement, RunResult res, Roadmap r) {
        long bytes = placement.bytes();
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("index", s.index());
        doc.put("stepId", s.stepId());
        doc.put("machineBytes", bytes);
        doc.put("seed", seed);
        List<Object> rows = new ArrayList<>();
        for (RunResult.ScenarioResult x : res.scenarios()) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("name", x.name());
            m.put("status", x.status().name().toLowerCase());
            m.put("operations", x.operations());
            m.put("millis", x.nanos() / 1e6);
            m.put("memmapBytes", x.memmapBytes());
            m.put("descriptorBytes", x.descriptorBytes());
            m.put("note", x.note());
            if (trace) m.put("trace", x.trace());
            rows.add(m);
        }
        doc.put("scenarios", rows);
        doc.put("passed", res.passed());
        doc.put("failure", res.passed() ? null : res.failure().describe());
        boolean differs = false;
        if (compare && !s.isBaseline()) {
            List<String> d = Scenarios.run(r.baseline(), placement, seed, scenarios, false).diff(res);
            doc.put("traceDiffers", d);
            differs = !d.isEmpty();
        }
        FormatOption.print(out, doc);
        return !res.passed() || differs ? Main.CHECK_FAILED : 0;
    }

    @Override public Integer call() {
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), spec.commandLine().getErr(), "run");
        State s = r.states().get(r.resolve(step));
        memdesc.memory.Placement placement = memdesc.model.MachineSize.placement(machine, 1);
        long bytes = placement.bytes();
        PrintWriter out = spec.commandLine().getOut();
        RunResult res;
        memdesc.model.Coverage cov = null;
        try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
            p.show("running the scenarios on state " + s.index() + " " + s.stepId() + " (" + machine + ")");
            if (coverage) {
                RunResult[] got = new RunResult[1];
                cov = memdesc.model.Coverage.collect(() -> got[0] = Scenarios.run(s, placement, seed, scenarios, shadow, null));
                res = got[0];
            } else {
                res = Scenarios.run(s, placement, seed, scenarios, shadow);
            }
        }
        if (format.json()) return json(out, s, placement, res, r);
        out.printf("state %d %s, machine %s (%d frames), seed %d%n", s.index(), s.stepId(), machine.trim(), bytes >>> 12, seed);
        out.printf("%-15s %-7s %12s %10s %14s %16s%n", "scenario", "result", "operations", "time ms", "memmap bytes", "descriptor bytes");
        for (RunResult.ScenarioResult x : res.scenarios()) {
            out.printf("%-15s %-7s %12d %10.1f %14d %16d%n", x.name(), x.status().name().toLowerCase(), x.operations(),
                    x.nanos() / 1e6, x.memmapBytes(), x.descriptorBytes());
            if (x.status() == RunResult.Status.SKIPPED) out.println("    skipped: " + x.note());
            if (trace) x.trace().forEach(l -> out.println("    " + l));
        }
        int status = 0;
        if (!res.passed()) {
            out.println("FAILED: " + res.failure().describe());
            status = Main.CHECK_FAILED;
        }
        if (compare && !s.isBaseline()) {
            RunResult base = Scenarios.run(r.baseline(), placement, seed, scenarios, false);
            List<String> d = res.diff(base);
            d.forEach(l -> out.println("TRACE DIFFERS: " + l));
            if (!d.isEmpty()) status = Main.CHECK_FAILED;
            else out.println("traces equal the baseline's");
        }
        if (cov != null) printCoverage(out, cov);
        if (scenarios.isEmpty()) res.unexercised().forEach((u, m) -> {
            if (!m.isEmpty()) out.println("declared but not exercised by " + u + ": " + String.join(", ", m));
        });
        out.flush();
        return status;
    }

    /** The helpers x page kinds table (calls; "-" none) and the members x users table (r, w, rw). */
    static void printCoverage(PrintWriter out, memdesc.model.Coverage cov) {
        out.println();
        out.println("helpers x page kinds (calls)");
        StringBuilder h = new StringBuilder(String.format("%-14s %-13s", "helper", "regime"));
        for (String k : memdesc.model.Coverage.KINDS) h.append(String.format(" %7s", k));
        out.println(h);
        for (String helper : memdesc.model.Coverage.HELPERS) {
            StringBuilder b = new StringBuilder(String.format("%-14s %-13s", helper, cov.regimes().getOrDefault(helper, "?")));
            for (String k : memdesc.model.Coverage.KINDS) {
                long n = cov.hits(helper, k);
                b.append(String.format(" %7s", n == 0 ? "-" : n < 100_000 ? Long.toString(n) : (n / 1000) + "k"));
            }
            out.println(b);
        }
        out.println();
        out.println("members x users (r read, w written)");
        cov.members().forEach((member, users) -> {
            StringBuilder b = new StringBuilder(String.format("  %-28s", member));
            users.forEach((u, rw) -> b.append(' ').append(u).append('=').append(rw));
            out.println(b);
        });
    }
}
