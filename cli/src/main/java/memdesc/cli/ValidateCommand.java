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
        // a member no definition of its struct ever has is a load error (docs/roadmap-language.md): the first one
        if (!found.neverDefined().isEmpty()) {
            spec.commandLine().getErr().println(found.neverDefined().get(0));
            return Main.BAD_INPUT;
        }
        // the baseline against the facts of the release it claims (baseline: kernel: v6.12), as check does
        List<memdesc.build.Diagnostic> facts = memdesc.build.ReleaseFacts.check(r.baseline());
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
            List<String> warnings = new java.util.ArrayList<>();
            for (memdesc.build.Diagnostic d : facts) warnings.add(d.loc() + ": " + d.message());
            for (memdesc.build.Diagnostic d : found.cannotBuild()) warnings.add(d.loc() + ": " + d.message());
            doc.put("warnings", warnings);
            FormatOption.print(spec.commandLine().getOut(), doc);
            return 0;
        }
        spec.commandLine().getOut().println(RoadmapText.summary(r));
        for (memdesc.build.Diagnostic d : facts)
            spec.commandLine().getErr().println(d.loc() + ": warning: the baseline does not build: " + d.message());
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
        // a step's status is a claim: {done-in: X} / {in-progress-in: X} about release X (checked on X's tree, and a
        // done claim on every later release given); a bare done / in-progress (deprecated) about the release given
        List<String> claims = new java.util.ArrayList<>();
        int at = kernel.lastIndexOf('@');
        java.nio.file.Path repo = Main.cwd().resolve(at > 0 ? kernel.substring(0, at) : kernel);
        if (tree instanceof memdesc.git.KernelTree) {
            String ref = at > 0 ? kernel.substring(at + 1) : "HEAD";
            java.util.LinkedHashSet<String> refs = new java.util.LinkedHashSet<>(List.of(ref));
            List<String> absent = new java.util.ArrayList<>();
            for (memdesc.steps.Step s : r.steps()) {
                if (s.claim() == null) continue;
                if (memdesc.git.KernelTree.hasRef(repo, s.claim().release())) refs.add(s.claim().release());
                else absent.add("step " + s.id() + " says " + s.status() + " in " + s.claim().release() + ": " + repo.getFileName()
                        + " has no ref " + s.claim().release() + " (" + s.claim().loc() + ")");
            }
            memdesc.position.Position.Result p = memdesc.position.Position.evaluate(repo, kernel, List.copyOf(refs), r, KernelInput.config(config), 0);
            int checked = 0;
            for (memdesc.steps.Step s : r.steps()) {
                if (!s.status().equals("done") && !s.status().equals("in-progress")) continue;
                List<String> at2 = new java.util.ArrayList<>();
                if (s.claim() == null) {
                    at2.add(ref);
                    spec.commandLine().getErr().println(s.loc() + ": warning: step " + s.id() + ": status: " + s.status()
                            + " names no release (deprecated): write status: {" + s.status() + "-in: vX.Y}; checked against " + ref);
                } else if (refs.contains(s.claim().release())) {
                    at2.add(s.claim().release());
                    // done stays done: a later release given must show it done too
                    if (s.status().equals("done") && !ref.equals(s.claim().release()) && Releases.after(ref, s.claim().release())) at2.add(ref);
                }
                for (String x : at2) {
                    checked++;
                    memdesc.position.Position.Cell c = p.cells().get(x).get(s.id());
                    boolean ok = s.status().equals("done") ? c.status() == memdesc.position.Position.Status.DONE
                            : c.status() == memdesc.position.Position.Status.IN_PROGRESS
                            || c.status() == memdesc.position.Position.Status.NOT_STARTED && c.uses() > 0;
                    if (!ok) claims.add("step " + s.id() + " says " + s.status() + (s.claim() == null ? "" : " in " + s.claim().release())
                            + ", but at " + x + " it is " + c.text() + " (" + (s.claim() == null ? s.loc() : s.claim().loc()) + ")");
                }
            }
            claims.addAll(absent);
            out.println("status claims: " + checked + " checked, " + claims.size() + " contradicted" + (absent.isEmpty() ? "" : " or not checkable"));
            for (String l : claims) out.println("  " + l);
        } else {
            spec.commandLine().getErr().println("memdesc validate: " + tree.name() + " is a directory: status claims need a git repository (probes count refs)");
        }
        for (String f : k.facts()) spec.commandLine().getErr().println("memdesc validate: fact: " + f);
        for (String w : k.warnings()) spec.commandLine().getErr().println(w);
        return lines.isEmpty() && claims.isEmpty() ? 0 : Main.CHECK_FAILED;
    }
}
