package memdesc.cli;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.verify.Check;
import memdesc.verify.RoadmapDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memdesc diff OLD NEW}: is my proposed change to the Path still bisectable? */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two versions of a roadmap step by step (by checksum): steps added, removed, changed, "
                + "moved; then verify both and print each one's verdict.",
                "Exit status: 0 the new version is bisectable, 1 it is not, 2 bad input."})
final class DiffCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the roadmap before the change: a file, or REV:PATH in the git "
            + "repository here (e.g. HEAD~1:roadmap.yaml)")
    String older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the roadmap after the change: a file or REV:PATH")
    String newer;

    @Mixin FormatOption format;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB", description = "RAM of the modelled machine (default: ${DEFAULT-VALUE}).")
    String machine;

    @Mixin VerifyRun run;

    @Mixin KernelOption kernelOption;

    @Override public Integer call() {
        long machineBytes = Verifying.machine(machine, run.jobs);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        // with --kernel both versions start from the tree's baseline (the tree is read for each)
        Roadmap o = kernelOption.apply(GitRoadmap.load(older), err, "diff");
        Roadmap n = kernelOption.apply(GitRoadmap.load(newer), err, "diff");
        List<RoadmapDiff.Entry> diff = RoadmapDiff.diff(o, n);
        if (format.json()) return json(out, o, n, diff, machineBytes);
        int w = Verifying.idWidth(diff.stream().map(RoadmapDiff.Entry::id).toList());
        out.printf("--- %s (%d steps)%n+++ %s (%d steps)%n", o.file(), o.steps().size(), n.file(), n.steps().size());
        int changes = 0;
        int kw = diff.stream().filter(e -> e.kind() != RoadmapDiff.Kind.SAME).mapToInt(e -> kind(e).length()).max().orElse(0);
        for (RoadmapDiff.Entry e : diff) {
            if (e.kind() == RoadmapDiff.Kind.SAME) continue;
            changes++;
            String pos = switch (e.kind()) {
                case ADDED -> "new #" + e.newNumber();
                case REMOVED -> "was #" + e.oldNumber();
                default -> e.oldNumber() == e.newNumber() ? "#" + e.newNumber() : "#" + e.oldNumber() + " -> #" + e.newNumber();
            };
            String sums = switch (e.kind()) {
                case ADDED -> short12(e.newChecksum());
                case REMOVED -> short12(e.oldChecksum());
                case MOVED -> short12(e.newChecksum());
                default -> short12(e.oldChecksum()) + ".." + short12(e.newChecksum()); // as git's index line: old..new
            };
            out.printf("  %-" + kw + "s  %-" + w + "s  %-10s  %s%n", kind(e), e.id(), pos, sums);
            for (String d : StepDiff.of(o.step(e.id()).orElse(null), n.step(e.id()).orElse(null))) out.println("      " + d);
        }
        if (changes == 0) out.println("  no step added, removed, changed or moved");
        Check check = run.check(machineBytes);
        Check.Result ro, rn;
        try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
            p.show("diff: verifying the old version (" + o.states().size() + " states)");
            ro = check.run(o, v -> {});
            p.show("diff: verifying the new version (" + n.states().size() + " states)");
            rn = check.run(n, v -> {});
        }
        out.println("old: " + Verifying.summary(ro));
        out.println("new: " + Verifying.summary(rn));
        out.flush();
        return rn.bisectable() ? 0 : Main.CHECK_FAILED;
    }

    private int json(PrintWriter out, Roadmap o, Roadmap n, List<RoadmapDiff.Entry> diff, long machineBytes) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("old", o.file());
        doc.put("new", n.file());
        List<Object> steps = new java.util.ArrayList<>();
        for (RoadmapDiff.Entry e : diff) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            m.put("id", e.id());
            m.put("oldNumber", e.oldNumber());
            m.put("newNumber", e.newNumber());
            m.put("oldChecksum", e.oldChecksum());
            m.put("newChecksum", e.newChecksum());
            m.put("details", StepDiff.of(o.step(e.id()).orElse(null), n.step(e.id()).orElse(null)));
            steps.add(m);
        }
        doc.put("steps", steps);
        Check check = run.check(machineBytes);
        Check.Result ro = check.run(o, v -> {}), rn = check.run(n, v -> {});
        doc.put("oldBisectable", ro.bisectable());
        doc.put("oldSummary", Verifying.summary(ro));
        doc.put("newBisectable", rn.bisectable());
        doc.put("newSummary", Verifying.summary(rn));
        doc.put("newFirstBad", rn.firstBad().map(CheckCommand::verdictJson).orElse(null));
        FormatOption.print(out, doc);
        return rn.bisectable() ? 0 : Main.CHECK_FAILED;
    }

    private static String kind(RoadmapDiff.Entry e) {
        return e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String short12(String sum) {
        return sum == null ? "" : sum.substring(0, Math.min(12, sum.length()));
    }
}
