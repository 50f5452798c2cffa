package memdesc.cli;

import memdesc.steps.Roadmap;
import memdesc.steps.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
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

    @picocli.CommandLine.Option(names = "--kernel", paramLabel = "PATH[@REF]",
            description = "compare the baseline's structs with a kernel tree's (git at REF, or a directory); exit 1 on a difference")
    String kernel;

    @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE", description = "with --kernel: the kernel .config (default: a documented x86_64 set)")
    java.nio.file.Path config;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() {
        Roadmap r = roadmapOption.load(roadmap);
        if (kernel != null) return kernel(r);
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

    /** The baseline (state 0, x86_64) against the tree: every struct's size, and each member's type, offset and size. */
    private int kernel(Roadmap r) {
        State base = r.states().get(0);
        java.util.List<java.util.Map.Entry<String, String>> sources = new java.util.ArrayList<>();
        for (memdesc.steps.StructDef d : base.structs().values()) sources.add(java.util.Map.entry(d.name(), d.c()));
        memdesc.layout.CHeader h = memdesc.layout.CHeader.parseAll(sources, memdesc.layout.Abi.LP64, base.config());
        memdesc.layout.SourceTree tree = KernelInput.tree(kernel);
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.util.List<String> present = new java.util.ArrayList<>();
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String n : base.structs().keySet()) {
            if (memdesc.layout.KernelLayout.locate(tree, n) != null) present.add(n);
            else lines.add("struct " + n + ": only in the baseline (" + tree.name() + " defines no struct " + n + ")");
        }
        memdesc.layout.KernelLayout.Result k = memdesc.layout.KernelLayout.layout(tree, present, memdesc.layout.Abi.LP64, KernelInput.config(config));
        if (tree instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // read-only
            }
        }
        for (memdesc.layout.KernelLayout.Entry e : k.structs()) {
            for (memdesc.layout.LayoutDiff.Difference d : memdesc.layout.LayoutDiff.diff(e.name(), h.require(e.name()), e.layout())) {
                lines.add(d.line("baseline", e.file()));
            }
        }
        out.println("baseline of " + r.name() + " vs " + tree.name() + " (x86_64): " + base.structs().size() + " structs, "
                + lines.size() + " difference" + (lines.size() == 1 ? "" : "s"));
        for (String l : lines) out.println("  " + l);
        // a step's hand-typed status is a claim about this release: checked against its probes and evidence
        List<String> claims = new java.util.ArrayList<>();
        int at = kernel.lastIndexOf('@');
        java.nio.file.Path repo = Main.cwd().resolve(at > 0 ? kernel.substring(0, at) : kernel);
        if (tree instanceof memdesc.git.KernelTree) {
            String ref = at > 0 ? kernel.substring(at + 1) : "HEAD";
            memdesc.position.Position.Result p = memdesc.position.Position.evaluate(repo, kernel, List.of(ref), r, KernelInput.config(config), 0);
            for (memdesc.steps.Step s : r.steps()) {
                memdesc.position.Position.Cell c = p.cells().get(ref).get(s.id());
                boolean ok = switch (s.status()) {
                    case "done" -> c.status() == memdesc.position.Position.Status.DONE;
                    case "in-progress" -> c.status() == memdesc.position.Position.Status.IN_PROGRESS
                            || c.status() == memdesc.position.Position.Status.NOT_STARTED && c.uses() > 0;
                    default -> true;
                };
                if (!ok) claims.add("step " + s.id() + " says " + s.status() + ", but at " + ref + " it is " + c.text() + " ("
                        + s.loc() + ")");
            }
            out.println("status claims vs " + ref + ": " + claims.size() + " contradicted");
            for (String l : claims) out.println("  " + l);
        } else {
            spec.commandLine().getErr().println("memdesc validate: " + tree.name() + " is a directory: status claims need a git repository (probes count refs)");
        }
        for (String f : k.facts()) spec.commandLine().getErr().println("memdesc validate: fact: " + f);
        for (String w : k.warnings()) spec.commandLine().getErr().println(w);
        return lines.isEmpty() && claims.isEmpty() ? 0 : Main.CHECK_FAILED;
    }
}
