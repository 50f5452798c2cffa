package memdesc.report;

import java.util.List;

/**
 * Everything a report shows, in one value: built by {@link Report#build}, rendered by
 * {@link Report#render}. The JSON format is this record as it stands, so it carries every figure.
 * A section that was not computed is {@code null} (the templates then say "not computed").
 */
public record ReportModel(String name, String roadmapFile, String statusRule, Summary summary,
                          List<StepRow> steps, List<StateRow> verdicts, List<CostRow> cost,
                          Deps deps, Progress progress, List<StepPage> stepPages, Mutation mutation,
                          memdesc.position.Position.Result position) {
    public ReportModel {
        stepPages = stepPages == null ? null : List.copyOf(stepPages);
        steps = List.copyOf(steps);
        verdicts = verdicts == null ? null : List.copyOf(verdicts);
        cost = cost == null ? null : List.copyOf(cost);
    }

    /** The model without step pages (the sections every report has). */
    public ReportModel(String name, String roadmapFile, String statusRule, Summary summary, List<StepRow> steps,
                       List<StateRow> verdicts, List<CostRow> cost, Deps deps, Progress progress) {
        this(name, roadmapFile, statusRule, summary, steps, verdicts, cost, deps, progress, null, null, null);
    }

    /** The model with step pages and a mutation score (no release positions). */
    public ReportModel(String name, String roadmapFile, String statusRule, Summary summary, List<StepRow> steps,
                       List<StateRow> verdicts, List<CostRow> cost, Deps deps, Progress progress, List<StepPage> stepPages,
                       Mutation mutation) {
        this(name, roadmapFile, statusRule, summary, steps, verdicts, cost, deps, progress, stepPages, mutation, null);
    }

    /** The same report with a page per step (HTML; JSON carries the data). */
    public ReportModel withStepPages(List<StepPage> pages) {
        return new ReportModel(name, roadmapFile, statusRule, summary, steps, verdicts, cost, deps, progress, pages, mutation, position);
    }

    /** The same report with the mutation score of the last {@code memdesc mutate} run (null: not computed). */
    public ReportModel withMutation(Mutation m) {
        return new ReportModel(name, roadmapFile, statusRule, summary, steps, verdicts, cost, deps, progress, stepPages, m, position);
    }

    /** The same report with where each release stands on the Path ({@code report --kernel}; null: not computed). */
    public ReportModel withPosition(memdesc.position.Position.Result p) {
        return new ReportModel(name, roadmapFile, statusRule, summary, steps, verdicts, cost, deps, progress, stepPages, mutation, p);
    }

    /**
     * One step as a reviewer reads it: its delta (what {@code memdesc show STEP --diff} prints) and, for
     * struct page and every struct the step changes, its members before and after (the byte maps).
     */
    public record StepPage(int number, String id, String title, String fromId, String deltaText,
                           memdesc.delta.StateDelta delta, List<Picture> pictures) {
        public StepPage {
            pictures = List.copyOf(pictures);
        }
    }

    /** A struct's members in the states before and after a step; size -1 where the state has no such struct. */
    public record Picture(String struct, long sizeBefore, List<memdesc.delta.StructDelta.Item> before,
                          long sizeAfter, List<memdesc.delta.StructDelta.Item> after) {
        public Picture {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /**
     * The last {@code memdesc mutate} run on this very roadmap text: killed of scored (valid, non-equivalent)
     * mutants, as a percentage.
     */
    public record Mutation(int mutants, int killed, int scored, int equivalent, int invalid, double score, long seed,
                           long machineBytes, long millis) {}

    /** Counts shown at the top of every format. */
    public record Summary(int steps, int done, int inProgress, int planned, Integer statesOk,
                          Integer statesTotal, String firstBad) {}

    /**
     * One step of the roadmap table.
     *
     * @param status       done | in-progress | planned
     * @param statusSource "roadmap" (its {@code status:}) or "probes" (measured in a kernel tree)
     * @param remaining    probe name -> matches at the newest ref (empty without progress)
     */
    public record StepRow(int number, String id, String title, String phase, String phaseTitle,
                          String status, String statusSource, List<String> requires, String source,
                          List<String> probes, java.util.Map<String, Long> remaining) {
        public StepRow {
            requires = List.copyOf(requires);
            probes = List.copyOf(probes);
            remaining = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(remaining));
        }
    }

    /** The verification verdict of one state (baseline included). */
    public record StateRow(int index, String stepId, boolean ok, boolean builds, long structPageBytes,
                           double memmapPercent, long descriptorBytes, int scenariosPassed, int scenariosTotal,
                           List<String> skipped, String failure, String failureAt, List<String> diagnostics,
                           long millis, boolean cached) {
        public StateRow {
            skipped = List.copyOf(skipped);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * The dependency graph. {@code inferred} says whether the edges are the inferred needs (true) or,
     * when inference was not computed, the declared {@code requires} (false).
     *
     * @param layers step ids by layer (longest path from a root: a step sits one layer right of its
     *               deepest need)
     */
    public record Deps(boolean inferred, List<DepRow> rows, List<List<String>> layers) {
        public Deps {
            rows = List.copyOf(rows);
            layers = layers.stream().map(List::copyOf).toList();
        }
    }

    /**
     * One step's needs.
     *
     * @param undeclared inferred needs not covered by {@code requires} (directly or transitively)
     * @param unneeded   declared requires that the inference did not find necessary
     */
    public record DepRow(int number, String step, int layer, List<String> declared, List<String> inferred,
                         List<String> undeclared, List<String> unneeded) {
        public DepRow {
            declared = List.copyOf(declared);
            inferred = inferred == null ? null : List.copyOf(inferred);
            undeclared = List.copyOf(undeclared);
            unneeded = List.copyOf(unneeded);
        }
    }
}
