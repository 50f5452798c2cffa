package memdesc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code memdesc steps [ROADMAP]}: the steps as a table. */
@Command(name = "steps", mixinStandardHelpOptions = true, description = "List the roadmap's steps: number, id, phase, requires, source, title.")
final class StepsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() {
        memdesc.steps.Roadmap r = roadmapOption.load(roadmap);
        if (format.json()) {
            FormatOption.print(spec.commandLine().getOut(), RoadmapText.stepsJson(r));
            return 0;
        }
        spec.commandLine().getOut().print(RoadmapText.table(r, Width.columns()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
