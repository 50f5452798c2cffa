package memdesc.report;

import memdesc.build.Diagnostic;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.Step;
import memdesc.verify.DepGraph;
import memdesc.verify.Verdict;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Progress reports: one {@link ReportModel}, rendered to text (72 columns, for email), Markdown (wikis,
 * merge requests), self-contained HTML (inline CSS and SVG charts) or JSON (every figure).
 *
 * <p>Step status: a step's {@code status:} in the roadmap, unless kernel-tree progress is given and the
 * step has probes counted there; then it is measured from the trend of the step's total matches over
 * every ref: <b>done</b> when it is 0 at the newest ref, <b>in progress</b> when the newest is below its
 * peak at an earlier ref (uses have been removed since, whatever happened between), <b>planned</b>
 * otherwise (the newest is the highest yet: nothing removed, or more added than removed). Matches
 * inside C comments do not count when the progress file has code-only counts ({@code codeCounts}).
 */
public final class Report {
    private Report() {}

    /**
     * Assembles the model. Any of {@code verdicts}, {@code cost}, {@code deps} and {@code progress} may
     * be null: that section then reads "not computed".
     */
    public static ReportModel build(Roadmap roadmap, List<Verdict> verdicts, List<CostRow> cost, DepGraph deps,
                                    Progress progress) {
        List<ReportModel.StepRow> steps = new ArrayList<>();
        int done = 0, inProgress = 0, planned = 0;
        for (Step s : roadmap.steps()) {
            ReportModel.StepRow row = stepRow(roadmap, s, progress);
            switch (row.status()) {
                case "done" -> done++;
                case "in-progress" -> inProgress++;
                default -> planned++;
            }
            steps.add(row);
        }
        List<ReportModel.StateRow> states = verdicts == null ? null : verdicts.stream().map(Report::stateRow).toList();
        Integer ok = states == null ? null : (int) states.stream().filter(ReportModel.StateRow::ok).count();
        String firstBad = states == null ? null : states.stream().filter(v -> !v.ok())
                .map(v -> v.index() + " " + v.stepId()).findFirst().orElse(null);
        var summary = new ReportModel.Summary(steps.size(), done, inProgress, planned, ok,
                states == null ? null : states.size(), firstBad);
        return new ReportModel(roadmap.name(), roadmap.file(), statusRule(progress), summary, steps, states, cost,
                deps(roadmap, deps), progress);
    }

    /** Renders the model as a string. */
    public static String render(ReportModel model, Format format) {
        StringWriter w = new StringWriter(32 * 1024);
        try {
            render(model, format, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * Writes the report to {@code out} atomically: it is rendered into a temporary file in the same
     * directory, which is then renamed over {@code out}. If anything fails, no partial file is left and
     * an existing {@code out} is untouched.
     */
    /** Fails now, with the message {@link #write} would give, if {@code out} cannot be written. */
    public static void checkWritable(Path out) {
        AtomicFile.check(out);
    }

    public static void write(ReportModel model, Format format, Path out) {
        AtomicFile.write(out, w -> render(model, format, w));
    }

    /**
     * Reads kernel-tree progress written by {@code memdesc progress --format json}. Bad input is an
     * {@link InputException} whose message is one line, {@code file:line:col: error: ...}.
     */
    public static Progress readProgress(Path file) {
        return ProgressJson.read(file);
    }

    static void render(ReportModel model, Format format, Writer w) throws IOException {
        if (format == Format.JSON) {
            Json.write(model, w);
        } else {
            Templates.render(model, format, w);
        }
    }

    static String statusRule(Progress progress) {
        if (progress == null) return "Status is each step's status: in the roadmap.";
        return "Status is measured for steps with probes counted in " + progress.repo() + ": done when every"
                + " probe has 0 matches at " + progress.newestRef() + ", in progress when the step's matches there"
                + " are below their peak at an earlier ref, planned otherwise" + (progress.codeCounts().isEmpty() ? ""
                : "; matches inside comments do not count") + ". Other steps keep their status: from the roadmap.";
    }

    static ReportModel.StepRow stepRow(Roadmap roadmap, Step s, Progress progress) {
        String status = s.status() == null ? "planned" : s.status();
        String from = "roadmap";
        Map<String, Long> remaining = new LinkedHashMap<>();
        List<String> probeNames = s.probes().stream().map(memdesc.steps.Probe::name).toList();
        if (progress != null && !probeNames.isEmpty()) {
            boolean code = !progress.codeCounts().isEmpty();
            String newest = progress.newestRef();
            long[] total = new long[progress.refs().size()];
            boolean counted = true;
            for (String p : probeNames) {
                for (int i = 0; i < total.length && counted; i++) {
                    String ref = progress.refs().get(i);
                    Long c = code ? progress.codeCount(ref, p) : progress.count(ref, p);
                    if (c == null) counted = false;
                    else total[i] += c;
                }
                if (!counted) break;
                remaining.put(p, code ? progress.codeCount(newest, p) : progress.count(newest, p));
            }
            if (counted) {
                from = "probes";
                long now = total[total.length - 1];
                long peak = 0;
                for (int i = 0; i < total.length - 1; i++) peak = Math.max(peak, total[i]);
                status = now == 0 ? "done" : now < peak ? "in-progress" : "planned";
            } else {
                remaining.clear();
            }
        }
        String phaseTitle = roadmap.phase(s.phase()).map(memdesc.steps.Phase::title).orElse(s.phase());
        String source = s.source() == null ? "" : s.source().seed() + ", " + s.source().section();
        return new ReportModel.StepRow(s.number(), s.id(), s.title(), s.phase(), phaseTitle, status, from,
                s.requiredIds(), source, probeNames, remaining);
    }

    static ReportModel.StateRow stateRow(Verdict v) {
        return new ReportModel.StateRow(v.index(), v.stepId(), v.ok(), v.builds(), v.structPageBytes(),
                v.memmapPercent(), v.descriptorBytes(), v.scenariosPassed(), v.scenariosTotal(), v.skipped(),
                v.failure(), v.failureAt(), v.diagnostics().stream().map(Diagnostic::toString).toList(),
                v.millis(), v.cached());
    }

    /** The graph the report draws: inferred needs when computed, else the declared requires. */
    static ReportModel.Deps deps(Roadmap roadmap, DepGraph graph) {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Step s : roadmap.steps()) declared.put(s.id(), s.requiredIds());
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Step s : roadmap.steps()) {
            List<String> e = graph == null ? declared.get(s.id()) : graph.inferred().getOrDefault(s.id(), List.of());
            // an edge to a step the roadmap does not have cannot be drawn; drop it rather than fail
            edges.put(s.id(), e.stream().filter(declared::containsKey).toList());
        }
        Map<String, Integer> layer = Dag.longestPathLayers(edges);
        List<ReportModel.DepRow> rows = new ArrayList<>();
        for (Step s : roadmap.steps()) {
            List<String> dec = declared.get(s.id());
            List<String> inf = graph == null ? null : edges.get(s.id());
            List<String> undeclared = List.of(), unneeded = List.of();
            if (inf != null) {
                Set<String> decClosure = closure(declared, s.id());
                Set<String> infClosure = closure(edges, s.id());
                undeclared = inf.stream().filter(x -> !decClosure.contains(x)).toList();
                unneeded = dec.stream().filter(x -> !infClosure.contains(x)).toList();
            }
            rows.add(new ReportModel.DepRow(s.number(), s.id(), layer.get(s.id()), dec, inf, undeclared, unneeded));
        }
        return new ReportModel.Deps(graph != null, rows, Dag.byLayer(edges, layer));
    }

    /** Every step reachable from {@code id} through {@code edges} (not {@code id} itself). */
    static Set<String> closure(Map<String, List<String>> edges, String id) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(edges.getOrDefault(id, List.of()));
        while (!todo.isEmpty()) {
            String x = todo.remove(todo.size() - 1);
            if (seen.add(x)) todo.addAll(edges.getOrDefault(x, List.of()));
        }
        return seen;
    }
}
