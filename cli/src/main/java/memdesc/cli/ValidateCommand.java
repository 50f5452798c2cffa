package memdesc.cli;

import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code memdesc validate [ROADMAP]}: load strictly; one line either way. */
@Command(name = "validate", description = "Check a roadmap against the schema (exit 0 ok, 2 with the first error).")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        Roadmap r = RoadmapArg.load(roadmap);
        spec.commandLine().getOut().println(RoadmapText.summary(r));
        return 0;
    }
}
