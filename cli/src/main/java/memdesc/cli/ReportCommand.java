package memdesc.cli;

import memdesc.report.CostRow;
import memdesc.report.Format;
import memdesc.report.Progress;
import memdesc.report.Report;
import memdesc.report.ReportModel;
import memdesc.cost.CostReport;
import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.cost.StateShape;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.verify.Check;
import memdesc.verify.Deps;
import memdesc.verify.VerdictCache;
import memdesc.verify.Verification;
import memdesc.verify.DepGraph;
import memdesc.verify.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc report [ROADMAP...] [--format text|md|html|json] [--out FILE] [--progress FILE.json]}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = {
        "Write a progress report as text (email), Markdown, self-contained HTML with charts, or JSON.",
        "It shows the roadmap, the verdict of every state, the cost table, the dependency graph and, with "
                + "--progress, how many uses remain in a kernel tree release by release.",
        "With several roadmaps: the plans side by side first (as memdesc compare shows them; in HTML one chart of "
                + "every plan's total memory per state), then each plan's report."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in); several: the plans side by side "
                    + "(as memdesc compare shows them, on every built-in mix of a 1 TiB machine), then each plan's report")
    List<String> roadmaps = new ArrayList<>();

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (72 columns, for email), md (Markdown), html (one self-contained file) or json; default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of standard output")
    Path out;

    @Option(names = "--progress", paramLabel = "FILE.json",
            description = "kernel-tree progress written by 'memdesc progress --format json'")
    Path progress;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "the modelled machine the states are checked on (default ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "the scenarios' seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-deps", description = "do not infer the dependency graph (it verifies many trial states)")
    boolean noDeps;

    @Spec CommandSpec spec;

    /** What the report shows besides the roadmap; null means "not computed" in the report. */
    record Inputs(List<Verdict> verdicts, List<CostRow> cost, DepGraph deps, Check.Result check) {}

    @Override public Integer call() throws Exception {
        Format f = Format.parse(format);
        if (roadmaps.size() > 1) return several(f);
        String roadmap = roadmaps.isEmpty() ? null : roadmaps.get(0);
        Roadmap r = roadmapOption.load(roadmap);
        Progress p = progress == null ? null : Report.readProgress(progress);
        if (out != null) Report.checkWritable(out); // before the long part, not after it
        Inputs in = inputs(r);
        ReportModel model = Report.build(r, in.verdicts(), in.cost(), in.deps(), p).withMutation(mutation(roadmap));
        // HTML gets a page per step (byte maps and delta); JSON carries the same data
        if (f == Format.HTML || f == Format.JSON) model = model.withStepPages(memdesc.report.StepPages.of(r));
        if (out == null) {
            spec.commandLine().getOut().print(Report.render(model, f));
        } else {
            Report.write(model, f, out);
            spec.commandLine().getOut().println("memdesc: wrote " + out + " (" + f.name().toLowerCase(java.util.Locale.ROOT)
                    + ", " + Files.size(out) + " bytes)");
        }
        return 0;
    }

    /**
     * Several plans: each checked and reported as alone, and the plans side by side in front (the comparison
     * of {@code memdesc compare} with its verdicts from the same checks, on every built-in mix of 1 TiB).
     */
    private Integer several(Format f) throws java.io.IOException {
        if (roadmapOption.file != null)
            throw new InputException("memdesc report: several roadmaps are given as arguments; --roadmap names one");
        Progress p = progress == null ? null : Report.readProgress(progress);
        if (out != null) Report.checkWritable(out);
        List<Roadmap> rs = new ArrayList<>();
        for (String name : roadmaps) rs.add(RoadmapArg.load(name));   // every file loads before the long part
        List<ReportModel> models = new ArrayList<>();
        List<Check.Result> checks = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            Inputs in = inputs(rs.get(i));
            checks.add(in.check());
            ReportModel model = Report.build(rs.get(i), in.verdicts(), in.cost(), in.deps(), p).withMutation(mutation(roadmaps.get(i)));
            if (f == Format.HTML || f == Format.JSON) model = model.withStepPages(memdesc.report.StepPages.of(rs.get(i)));
            models.add(model);
        }
        List<Population> pops = new ArrayList<>();
        for (String m : MemoryCost.mixNames()) pops.add(MemoryCost.mix(m).population(1L << 40));
        memdesc.report.Plans plans = new memdesc.report.Plans(memdesc.report.Comparison.of(rs, pops, checks, p), models);
        if (out == null) {
            spec.commandLine().getOut().print(plans.render(f));
        } else {
            plans.write(f, out);
            spec.commandLine().getOut().println("memdesc: wrote " + out + " (" + f.name().toLowerCase(java.util.Locale.ROOT)
                    + ", " + Files.size(out) + " bytes)");
        }
        return 0;
    }

    /** The score the last full {@code memdesc mutate} run kept for this very roadmap text (null: none). */
    ReportModel.Mutation mutation(String roadmap) {
        String text = MutateCommand.text(roadmapOption.pick(roadmap), new String[1]);
        return memdesc.mutate.Mutate.remembered(VerdictCache.standard(), text)
                .map(x -> new ReportModel.Mutation(x.mutants(), x.killed(), x.scored(), x.equivalent(), x.invalid(), x.score(),
                        x.seed(), x.machineBytes(), x.millis()))
                .orElse(null);
    }

    /** A machine of the cost table, as the report names it, and its NUMA nodes (zone-relative PFNs count per zone). */
    record Machine(String name, long bytes, int nodes) {}

    /** The cost table's machines; a 16 TiB machine is taken as 8 nodes of 2 TiB (a large NUMA box). */
    static final List<Machine> MACHINES = List.of(new Machine("16 GiB", 16L << 30, 1), new Machine("1 TiB", 1L << 40, 1),
            new Machine("16 TiB", 16L << 40, 8));

    /**
     * The verdict of every state (the check on the modelled machine, through the verdict cache), the cost
     * table (each state alone against the baseline, default mix, three machine sizes; a state whose buddy
     * descriptor cannot address a machine is marked impossible with the reason), and the inferred
     * dependency graph (on a 64 MiB machine, to keep the many trial states cheap).
     */
    Inputs inputs(Roadmap roadmap) {
        PrintWriter err = spec.commandLine().getErr();
        long machine = Verifying.machine(this.machine, null);
        int jobs = Runtime.getRuntime().availableProcessors();
        VerdictCache cache = VerdictCache.standard();
        err.println("memdesc report: checking " + roadmap.states().size() + " states on " + this.machine + " ...");
        err.flush();
        Check check = new Check(Verification.standard(machine, seed), cache, jobs);
        Check.Result checked = check.run(roadmap, v -> {});
        List<Verdict> verdicts = checked.verdicts();
        List<CostRow> cost = cost(roadmap);
        DepGraph deps = null;
        if (!noDeps) {
            err.println("memdesc report: inferring dependencies on 64MiB (--no-deps skips this) ...");
            err.flush();
            deps = new Deps(new Check(Verification.standard(64L << 20, seed), cache, jobs)).all(roadmap).graph();
        }
        return new Inputs(verdicts, cost, deps, checked);
    }

    static List<CostRow> cost(Roadmap roadmap) {
        List<StateShape> shapes;
        try {
            shapes = MemoryCost.shapes(roadmap);
        } catch (InputException e) {
            return null; // a state that does not lay out has no cost; the verdicts say why
        }
        StateShape base = shapes.get(0);
        List<CostRow> rows = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            StateShape s = shapes.get(i);
            List<CostRow.MachineCost> machines = new ArrayList<>();
            for (Machine m : MACHINES) {
                Population pop = MemoryCost.mix(DEFAULT_MIX).population(m.bytes());
                try {
                    CostReport r = MemoryCost.account(i == 0 ? List.of(s) : List.of(base, s), pop, m.nodes(), false);
                    CostReport.Row row = r.row(s.id());
                    machines.add(new CostRow.MachineCost(m.name(), m.bytes(), row.memmapBytes(), row.descriptorBytes(),
                            row.totalBytes(), row.percentRam()));
                } catch (InputException e) {
                    machines.add(CostRow.MachineCost.impossible(m.name(), m.bytes(), e.getMessage().replaceFirst("^error: ", "")));
                }
            }
            rows.add(new CostRow(i, s.id(), s.structPageBytes(), machines));
        }
        return rows;
    }

    /** The mix of the cost table. */
    static final String DEFAULT_MIX = "idle";
}
