package memdesc.cli;

import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code memdesc show STEP [ROADMAP]}: the state after a step. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the state after STEP: structs, memdesc types, descriptors, helpers,"
        + " users, problems, and who still accesses members that later steps remove.")
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STEP", description = "a step id or number; 0 or 'baseline' for the start")
    String step;

    @Parameters(index = "1", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() {
        Roadmap r = roadmapOption.load(roadmap);
        if (format.json()) {
            FormatOption.print(spec.commandLine().getOut(), RoadmapText.stateJson(r, r.resolve(step)));
            return 0;
        }
        spec.commandLine().getOut().print(RoadmapText.show(r, r.resolve(step)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
