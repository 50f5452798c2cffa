package memdesc.cli;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.verify.Deps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc deps}: what a step really needs, against what the roadmap declares. */
@Command(name = "deps", mixinStandardHelpOptions = true,
        description = {"The smallest set of earlier steps that STEP needs to build and pass, found by removing "
                + "candidates one at a time (latest first), compared with the transitive closure of its declared "
                + "'requires'. With --all: every step, the inferred graph (direct edges) and every mismatch.",
                "Exit status: 0 inferred and declared agree, 1 a mismatch, 2 bad input."})
final class DepsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "STEP", description = "a step id or number (not with --all)")
    List<String> args = List.of();

    @Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--all", description = "Infer every step's needs; print the graph and every mismatch.")
    boolean all;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "256MiB",
            description = "RAM of the modelled machine (default: ${DEFAULT-VALUE}: many trial states are verified).")
    String machine;

    @Mixin VerifyRun run;

    @Mixin FormatOption format;

    @Override public Integer call() {
        if (all && args.size() > 1) throw new InputException("error: deps --all takes at most a ROADMAP, got " + String.join(" ", args));
        if (!all && args.isEmpty()) throw new InputException("error: deps needs a STEP (or --all)");
        // the roadmap after STEP (or alone with --all) is the old positional form, still accepted
        Roadmap r = kernelOption.apply(roadmapOption.load(all ? (args.isEmpty() ? null : args.get(0)) : (args.size() > 1 ? args.get(1) : null)),
                spec.commandLine().getErr(), "deps");
        Deps deps = new Deps(run.check(Verifying.machine(machine, run.jobs)));
        PrintWriter out = spec.commandLine().getOut();
        boolean mismatch = false;
        if (format.json()) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("roadmap", r.file());
            try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
                p.show(all ? "deps: inferring every step's needs" : "deps: inferring what " + args.get(0) + " needs");
                if (!all) {
                    r.resolve(args.get(0));
                    Deps.Needs n = deps.of(r, stepId(r, args.get(0)));
                    doc.put("needs", List.of(needsJson(n)));
                    mismatch = mismatch(n);
                } else {
                    Deps.All a = deps.all(r);
                    doc.put("needs", a.needs().stream().map(DepsCommand::needsJson).toList());
                    doc.put("inferred", a.graph().inferred());
                    doc.put("declared", a.graph().declared());
                    mismatch = a.needs().stream().anyMatch(DepsCommand::mismatch);
                }
            }
            doc.put("mismatch", mismatch);
            FormatOption.print(out, doc);
            return mismatch ? Main.CHECK_FAILED : 0;
        }
        if (!all) {
            r.resolve(args.get(0));
            Deps.Needs n;
            try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
                p.show("deps: inferring what " + args.get(0) + " needs");
                n = deps.of(r, stepId(r, args.get(0)));
            }
            print(out, n);
            mismatch = n.problem() != null || !n.undeclared().isEmpty() || !n.unneeded().isEmpty();
        } else {
            Deps.All a;
            try (ProgressLine p = ProgressLine.on(spec.commandLine().getErr())) {
                p.show("deps --all: inferring every step's needs (" + r.steps().size() + " steps)");
                a = deps.all(r);
            }
            int w = Verifying.idWidth(r.steps().stream().map(s -> s.id()).toList());
            out.println("inferred dependency graph (direct edges; each step needs these and what they need):");
            java.util.Map<String, String> noEffect = new java.util.HashMap<>();
            a.needs().forEach(n -> { if (n.noEffect() != null) noEffect.put(n.step(), n.noEffect()); });
            a.graph().inferred().forEach((step, direct) -> out.printf("  %-" + w + "s <- %s%n", step,
                    (direct.isEmpty() ? "(nothing: builds and passes on the baseline)" : String.join(", ", direct))
                            + (noEffect.containsKey(step) ? " (declared: " + noEffect.get(step) + ")" : "")));
            out.println("declared (requires):");
            a.graph().declared().forEach((step, reqs) -> {
                if (!reqs.isEmpty()) out.printf("  %-" + w + "s <- %s%n", step, String.join(", ", reqs));
            });
            int count = 0;
            out.println("mismatches:");
            for (Deps.Needs n : a.needs()) {
                if (n.problem() == null && n.undeclared().isEmpty() && n.unneeded().isEmpty()) continue;
                count++;
                if (n.problem() != null) out.printf("  %s: %s%n", n.step(), n.problem());
                if (!n.undeclared().isEmpty())
                    out.printf("  %s needs %s, which it does not declare (directly or through its requires)%n", n.step(), String.join(", ", n.undeclared()));
                if (!n.unneeded().isEmpty())
                    out.printf("  %s declares %s, which it builds and passes without%n", n.step(), String.join(", ", n.unneeded()));
            }
            if (count == 0) out.println("  none: every inferred need is declared, and every declared requirement is needed");
            out.printf("%d steps, %d with a mismatch%n", a.needs().size(), count);
            mismatch = count > 0;
        }
        out.flush();
        return mismatch ? Main.CHECK_FAILED : 0;
    }

    private static boolean mismatch(Deps.Needs n) {
        return n.problem() != null || !n.undeclared().isEmpty() || !n.unneeded().isEmpty();
    }

    private static java.util.Map<String, Object> needsJson(Deps.Needs n) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("step", n.step());
        m.put("inferred", n.noEffect() == null ? n.inferred() : null);
        m.put("noEffect", n.noEffect());
        m.put("declaredClosure", n.declaredClosure());
        m.put("undeclared", n.undeclared());
        m.put("unneeded", n.unneeded());
        m.put("trials", n.trials());
        m.put("problem", n.problem());
        return m;
    }

    private static String stepId(Roadmap r, String arg) {
        int k = r.resolve(arg);
        if (k == 0) throw new InputException("memdesc: the baseline needs nothing: name a step");
        return r.steps().get(k - 1).id();
    }

    private static void print(PrintWriter out, Deps.Needs n) {
        out.printf("%s (%d trial states)%n", n.step(), n.trials());
        if (n.problem() != null) {
            out.println("  " + n.problem());
            return;
        }
        if (n.noEffect() != null)
            out.println("  needs (inferred, minimal): unknown: " + n.noEffect() + " (the model sees no change from it on the "
                    + "states before; placed after its declared needs)");
        else out.println("  needs (inferred, minimal): " + list(n.inferred()));
        out.println("  declared (with what those require): " + list(n.declaredClosure()));
        out.println("  needed but not declared: " + list(n.undeclared()));
        out.println("  declared but not needed: " + list(n.unneeded()));
    }

    private static String list(List<String> ids) {
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }
}
