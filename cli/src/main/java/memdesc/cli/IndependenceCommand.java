package memdesc.cli;

import memdesc.steps.InputException;
import memdesc.steps.Phase;
import memdesc.steps.Roadmap;
import memdesc.verify.Independence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc independence}: the steps a phase declares independent compose in any subset and order. */
@Command(name = "independence", mixinStandardHelpOptions = true,
        description = {"For each phase marked 'independent: true' (or the one named), apply every subset of its steps "
                + "on top of the state before the phase, in roadmap order and in reverse order (declared requires "
                + "kept), and verify each distinct state. Reports any pair that is not independent, with the reason.",
                "The default machine is 256MiB (smaller than check's 4GiB): 2^N subsets are verified, and "
                + "independence is a question of layout and protocol, not of scale.",
                "Exit status: 0 independent, 1 not independent, 2 bad input."})
final class IndependenceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--phase", paramLabel = "P", description = "Only this phase (default: every phase marked independent).")
    String phase;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "256MiB",
            description = "RAM of the modelled machine (default: ${DEFAULT-VALUE}, not check's 4GiB).")
    String machine;

    @Mixin VerifyRun run;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() {
        long machineBytes = Verifying.machine(machine, run.jobs);
        int j = run.jobs();
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), spec.commandLine().getErr(), "independence");
        Independence ind = new Independence(run.check(machineBytes));
        List<String> phases = phase != null ? List.of(phase) : ind.independentPhases(r).stream().map(Phase::id).toList();
        if (phases.isEmpty())
            throw new InputException("memdesc: " + r.file() + " marks no phase 'independent: true'; name one with --phase");
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        List<Object> docs = new java.util.ArrayList<>();
        for (String p : phases) {
            long t0 = System.nanoTime();
            Independence.Result res;
            try (ProgressLine line = ProgressLine.on(spec.commandLine().getErr())) {
                line.show("independence: every subset and order of phase " + p);
                res = ind.run(r, p);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (format.json()) {
                java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
                d.put("phase", res.phase());
                d.put("steps", res.steps());
                d.put("declared", res.declared());
                d.put("subsets", res.subsets());
                d.put("orders", res.orders());
                d.put("distinctStates", res.distinctStates());
                d.put("independent", res.independent());
                d.put("failures", res.failures());
                d.put("minimal", res.minimal());
                d.put("millis", ms);
                docs.add(d);
                all &= res.independent();
                continue;
            }
            out.printf("phase %s: %d steps (%s)%n", res.phase(), res.steps().size(), String.join(", ", res.steps()));
            res.declared().forEach((step, reqs) -> {
                if (!reqs.isEmpty()) out.printf("  declared: %s requires %s (kept in every order)%n", step, String.join(", ", reqs));
            });
            out.printf("  %d subsets, %d orders, %d distinct states, machine %s, %d job%s, %s%n", res.subsets(), res.orders(),
                    res.distinctStates(), Verifying.bytes(machineBytes), j, j == 1 ? "" : "s", Verifying.millis(ms));
            if (res.independent()) {
                out.printf("  independent: yes (every subset builds and passes in both orders)%n");
            } else {
                all = false;
                out.printf("  independent: no (%d subset order%s fail)%n", res.failures().size(), res.failures().size() == 1 ? "" : "s");
                for (Independence.Failure f : res.minimal()) {
                    if (f.order().size() == 1)
                        out.printf("  %s fails on its own (on the state before the phase): %s%n", f.order().get(0), f.reason());
                    else if (f.order().size() == 2)
                        out.printf("  not independent: %s and %s (%s first): %s%n", f.order().get(0), f.order().get(1), f.order().get(0), f.reason());
                    else
                        out.printf("  not independent together (every smaller subset passes): %s: %s%n", String.join(" -> ", f.order()), f.reason());
                }
            }
        }
        if (format.json())
            FormatOption.print(out, java.util.Map.of("roadmap", r.file(), "machineBytes", machineBytes, "phases", docs));
        out.flush();
        return all ? 0 : Main.CHECK_FAILED;
    }
}
