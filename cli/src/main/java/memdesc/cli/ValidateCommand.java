package memdesc.cli;

import memdesc.steps.Roadmap;
import memdesc.steps.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code memdesc validate [ROADMAP]}: load strictly; one line either way. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = {"Check a roadmap against the schema (exit 0 ok, 2 with the first error).",
                "States that do not build (a change misplaced) are listed as warnings."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() {
        Roadmap r = roadmapOption.load(roadmap);
        // C text that cannot build, at the step that holds it, before any check runs
        memdesc.build.CText.Findings found = memdesc.build.CText.check(r);
        // a member no definition of its struct ever has is a load error (steps/SCHEMA.md): the first one
        if (!found.neverDefined().isEmpty()) {
            spec.commandLine().getErr().println(found.neverDefined().get(0));
            return Main.BAD_INPUT;
        }
        if (format.json()) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("roadmap", r.file());
            doc.put("name", r.name());
            doc.put("steps", r.steps().size());
            doc.put("phases", r.phases().size());
            java.util.List<Object> problems = new java.util.ArrayList<>();
            for (State s : r.states())
                for (State.Problem p : s.problems())
                    problems.add(java.util.Map.of("state", s.index(), "stepId", s.stepId(), "location", String.valueOf(p.loc()), "message", p.message()));
            doc.put("problems", problems);
            doc.put("summary", RoadmapText.summary(r));
            doc.put("warnings", found.cannotBuild().stream().map(d -> d.loc() + ": " + d.message()).toList());
            FormatOption.print(spec.commandLine().getOut(), doc);
            return 0;
        }
        spec.commandLine().getOut().println(RoadmapText.summary(r));
        for (memdesc.build.Diagnostic d : found.cannotBuild())
            spec.commandLine().getErr().println(d.loc() + ": warning: " + d.message());
        // not load errors (bisect finds them), but worth seeing early
        for (State s : r.states())
            for (State.Problem p : s.problems())
                spec.commandLine().getErr().println(p.loc() + ": warning: state " + s.index() + " (" + s.stepId()
                        + ") does not build: " + p.message());
        return 0;
    }
}
