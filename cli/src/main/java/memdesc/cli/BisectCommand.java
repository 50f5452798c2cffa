package memdesc.cli;

import memdesc.steps.Roadmap;
import memdesc.verify.Bisect;
import memdesc.verify.Check;
import memdesc.verify.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code memdesc bisect}: the first bad step, found and confirmed as git bisect and KernelCI would. */
@Command(name = "bisect", mixinStandardHelpOptions = true,
        description = {"Binary search for the first bad step between the baseline (good) and the last state (bad), "
                + "printing each probe as git bisect does; then confirm the culprit (the step before passes, the step "
                + "fails) and try the repairs 'drop it' and 'move it after X'.",
                "Unlike a kernel tree, a later step can repair a bad state; when the last state is good, or a state "
                + "before the one the search stops at is bad, bisect verifies the states in order and says so.",
                "Exit status: 0 nothing bad, 1 a first bad step was found, 2 bad input."})
final class BisectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "RAM of the modelled machine (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(names = "--no-repairs", description = "Stop at the culprit check; do not try the repairs (each is a check of its own).")
    boolean noRepairs;

    @Mixin VerifyRun run;

    @Mixin FormatOption format;

    @Override public Integer call() {
        long machineBytes = Verifying.machine(machine, run.jobs);
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), spec.commandLine().getErr(), "bisect");
        Check check = run.check(machineBytes);
        PrintWriter out = spec.commandLine().getOut();
        Bisect.Result res;
        try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
            p.show("bisect: verifying the baseline and the last state");
            res = new Bisect(check).run(r, line -> {
                if (!format.json()) p.println(out, line);
                String then = noRepairs ? "" : ", then the culprit check and the repairs";
                p.show(line.startsWith("[") ? "bisect: after " + line
                        : line.startsWith("the last state builds and passes") ? "bisect: verifying every state in order" + then
                        : line.startsWith("bisect: ") ? line : "bisect: " + line);
            }, !noRepairs);
            // (the repairs, each a check of its own, run after the last probe line)
        }
        if (format.json()) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("roadmap", r.file());
            doc.put("machineBytes", machineBytes);
            doc.put("found", res.found());
            doc.put("probes", res.probes());
            doc.put("culprit", res.culprit() == null ? null : CheckCommand.verdictJson(res.culprit()));
            doc.put("before", res.before() == null ? null : CheckCommand.verdictJson(res.before()));
            doc.put("repairs", res.repairs());
            doc.put("message", res.message());
            doc.put("note", res.note());
            FormatOption.print(out, doc);
            return res.found() ? Main.CHECK_FAILED : 0;
        }
        if (!res.found()) {
            out.println(res.message());
            out.flush();
            return 0;
        }
        Verdict c = res.culprit();
        if (res.note() != null) out.println("note: " + res.note());
        out.println(c.stepId() + " is the first bad step");
        out.println("step " + c.index() + " " + c.stepId() + r.step(c.stepId()).map(s -> ": " + s.title()).orElse(""));
        out.println("    " + (c.failureAt() == null ? "" : c.failureAt() + ": ") + c.failure());
        // the other diagnostics (the reason above is one of them), a few
        var others = c.diagnostics().stream().filter(d -> !(c.failure().endsWith(d.message()) && d.loc().toString().equals(c.failureAt()))).toList();
        for (var d : others.stream().limit(5).toList()) out.println("    " + d);
        if (others.size() > 5) out.println("    (and " + (others.size() - 5) + " more errors)");
        if (res.before() != null) {
            out.println("culprit check:");
            out.println("  [" + res.before().index() + "] " + res.before().stepId() + " (the step before): "
                    + (res.before().ok() ? "builds and passes" : "FAILS: " + res.before().failure()));
            out.println("  [" + c.index() + "] " + c.stepId() + ": fails");
        }
        if (!res.repairs().isEmpty()) {
            out.println("repairs tried:");
            String works = null;
            for (Bisect.Repair rep : res.repairs()) {
                out.println("  " + rep.description() + ": " + (rep.works() ? "works (every state builds and passes)"
                        : "does not work (first bad step " + rep.firstBad() + ")"));
                if (rep.works() && works == null) works = rep.description();
            }
            out.println(works == null ? "no repair tried makes the rest pass" : "repair: " + works);
        }
        out.flush();
        return Main.CHECK_FAILED;
    }
}
