package memdesc.cli;

import memdesc.delta.StateDelta;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc show STEP [ROADMAP]}: the state after a step, or with --diff what the step changed. */
@Command(name = "show", mixinStandardHelpOptions = true, description = {"Show the state after STEP: structs, memdesc types, descriptors, helpers,"
        + " users, problems, and who still accesses members that later steps remove.",
        "With --diff: only what STEP changed against the state before it (or --against STEP2): struct sizes and"
        + " members added, removed and moved, holes, descriptors leaving the memmap, rebound users, helpers, types,"
        + " config, disabled users, and the cost on a mix (and on this machine with --live)."})
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STEP", description = "a step id or number; 0 or 'baseline' for the start")
    String step;

    @Parameters(index = "1", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--diff", description = "print what the step changed (its delta) instead of the whole state")
    boolean diff;

    @Option(names = "--against", paramLabel = "STEP2", description = "with --diff: compare with this state instead of the one before")
    String against;

    @Mixin DeltaOptions delta; // its --format (text, md, json) is show's too: json of the state without --diff

    @Spec CommandSpec spec;

    @Override public Integer call() {
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), spec.commandLine().getErr(), "show");
        int k = r.resolve(step);
        if (!diff) {
            if (against != null) throw new InputException("memdesc show: --against goes with --diff");
            delta.checkFormat();
            if (delta.format.equalsIgnoreCase("json")) {
                FormatOption.print(spec.commandLine().getOut(), RoadmapText.stateJson(r, k));
                return 0;
            }
            // fitted by RoadmapText itself, its C text as written
            java.io.PrintWriter w = FitWriter.unwrapped(spec.commandLine().getOut());
            w.print(RoadmapText.show(r, k, Width.columns()));
            w.flush();
        } else {
            delta.checkFormat();
            int from = against != null ? r.resolve(against) : k - 1;
            if (from < 0) throw new InputException("memdesc show: the baseline has no state before it; name another with --against");
            spec.commandLine().getOut().print(delta.render(List.of(StateDelta.between(r, from, k, delta.populations()))));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
