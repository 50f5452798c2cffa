package memdesc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import memdesc.build.Diagnostic;
import memdesc.planhistory.PlanHistory;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.verify.Check;
import memdesc.verify.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memdesc check}: every state builds and passes, so the roadmap is bisectable. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Fold the roadmap and verify every state (baseline included): the build check, then the "
                + "memmap model's scenarios.",
                "One row per state as soon as every row before it is known, then one summary line:",
                "  bisectable: yes (N/N states build and pass)",
                "  bisectable: no: first bad step K ID: REASON (roadmap.yaml:L:C)",
                "Verdicts are cached by a hash of each state in the user's cache directory ($MEMDESC_CACHE, else "
                + "$XDG_CACHE_HOME/memdesc, else ~/.cache/memdesc), so re-checking after an edit re-verifies only "
                + "the states that changed.",
                "Exit status: 0 bisectable, 1 not bisectable, 2 bad input."})
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "RAM of the modelled machine: 64MiB, 4GiB, 1TiB or bytes (above 3GiB with the x86 hole below 4GiB),"
                    + " or where it lies: SIZE@ADDRESS,... one node each, e.g. 2GiB@0,2GiB@2TiB (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the scenarios' workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jobs", paramLabel = "N", description = "States verified in parallel (default: the number of cores).")
    Integer jobs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--no-cache", description = "Verify every state again; neither read nor write the verdict cache.")
    boolean noCache;

    // The exported history's check.sh: commit K verifies the states up to its own, as check would on that prefix.
    @Option(names = "--until", paramLabel = "STEP",
            description = "Verify only the states up to and including STEP (an id or number; 0 or 'baseline').")
    String until;

    // CI for the plan itself: every version of the roadmap file in a git range instead of one file.
    @Option(names = "--git", paramLabel = "REPO", description = "Check every version of the roadmap committed in --range of this repository.")
    java.nio.file.Path git;

    @Option(names = "--range", paramLabel = "A..B", description = "With --git: the commits to check, as git log takes them (default: HEAD).")
    String range;

    @Option(names = "--path", paramLabel = "FILE", defaultValue = "roadmap.yaml",
            description = "With --git: the roadmap's path in the repository (default: ${DEFAULT-VALUE}).")
    String path;

    @Override public Integer call() {
        memdesc.memory.Placement placement = Verifying.placement(machine, jobs);
        long machineBytes = placement.bytes();
        int j = Verifying.jobs(jobs);
        Check check = Verifying.check(placement, seed, j, noCache);
        if (git == null && (range != null || spec.commandLine().getParseResult().hasMatchedOption("--path")))
            throw new memdesc.steps.InputException("memdesc check: --range and --path go with --git REPO");
        if (git != null) {
            if (kernelOption.kernel != null) throw new memdesc.steps.InputException("memdesc check: --kernel goes with one roadmap, not --git");
            if (roadmapOption.pick(roadmap) != null) throw new memdesc.steps.InputException("memdesc check: give --roadmap FILE or --git REPO, not both");
            PrintWriter out = spec.commandLine().getOut();
            List<PlanHistory.Row> rows = PlanHistory.check(Main.cwd().resolve(git), range == null ? "HEAD" : range, path, check,
                    row -> { out.println(PlanHistory.line(row)); out.flush(); });
            return PlanHistory.summary(rows, out);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), err, "check");
        List<State> states = until == null ? r.states() : r.states().subList(0, r.resolve(until) + 1);
        long t0 = System.nanoTime();
        Check.Result result;
        if (format == Format.json) {
            result = check.run(r, states, v -> {});
            out.println(json(r, result, machineBytes, j, (System.nanoTime() - t0) / 1_000_000));
        } else {
            int w = Verifying.idWidth(r.steps().stream().map(Step::id).toList());
            out.printf("%s: %d state%s, machine %s, seed %d, %d job%s%s%n", r.file(), states.size(), states.size() == 1 ? "" : "s",
                    Verifying.machine(placement), seed, j, j == 1 ? "" : "s", noCache ? ", no cache" : "");
            out.println(Verifying.header(w));
            out.flush();
            try (ProgressLine progress = ProgressLine.on(err)) {
                InFlight flight = new InFlight(progress, states.size());
                flight.update();
                result = check.run(r, states, v -> progress.println(out, rowWithDrops(r, v, w)), flight::started, flight::finished);
            }
            long cached = result.verdicts().stream().filter(Verdict::cached).count();
            out.printf("%d state%s in %s (%d cached)%n", states.size(), states.size() == 1 ? "" : "s", Verifying.millis((System.nanoTime() - t0) / 1_000_000), cached);
            out.println(Verifying.summary(result));
        }
        out.flush();
        return result.bisectable() ? 0 : Main.CHECK_FAILED;
    }

    /** "[done/total] verifying a, b, c": the states being verified right now, on the progress line. */
    static final class InFlight {
        private final ProgressLine line;
        private final int total;
        private final java.util.Set<String> now = new java.util.LinkedHashSet<>();
        private int done;

        InFlight(ProgressLine line, int total) {
            this.line = line;
            this.total = total;
        }

        synchronized void started(State s) {
            now.add(s.stepId());
            update();
        }

        synchronized void finished(Verdict v) {
            now.remove(v.stepId());
            done++;
            update();
        }

        synchronized void update() {
            line.show("[" + done + "/" + total + "] " + (!now.isEmpty() ? "verifying " + String.join(", ", now)
                    : done == total ? "done" : "reading the verdict cache"));
        }
    }

    private String json(Roadmap r, Check.Result result, long machineBytes, int j, long millis) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("roadmap", r.file());
        doc.put("machineBytes", machineBytes);
        doc.put("seed", seed);
        doc.put("jobs", j);
        doc.put("cache", !noCache);
        List<Object> rows = new ArrayList<>();
        for (Verdict v : result.verdicts()) rows.add(verdictJson(v));
        doc.put("states", rows);
        doc.put("good", result.good());
        doc.put("total", result.verdicts().size());
        doc.put("bisectable", result.bisectable());
        doc.put("firstBad", result.firstBad().map(CheckCommand::verdictJson).orElse(null));
        doc.put("millis", millis);
        doc.put("summary", Verifying.summary(result));
        return write(doc);
    }

    static Map<String, Object> verdictJson(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", v.index());
        m.put("stepId", v.stepId());
        m.put("stateHash", v.stateHash());
        m.put("structPageBytes", v.structPageBytes());
        m.put("memmapPercent", v.memmapPercent());
        m.put("descriptorBytes", v.descriptorBytes());
        m.put("builds", v.builds());
        List<Object> diags = new ArrayList<>();
        for (Diagnostic d : v.diagnostics()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("file", d.loc().file());
            dm.put("line", d.loc().line());
            dm.put("column", d.loc().column());
            dm.put("message", d.message());
            diags.add(dm);
        }
        m.put("diagnostics", diags);
        m.put("scenariosPassed", v.scenariosPassed());
        m.put("scenariosTotal", v.scenariosTotal());
        m.put("skipped", v.skipped());
        m.put("ok", v.ok());
        m.put("failure", v.failure());
        m.put("failureAt", v.failureAt());
        m.put("millis", v.millis());
        m.put("cached", v.cached());
        return m;
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A state's row, and under it the behaviour its step gives up on purpose ({@code drop:}): part of its verdict. */
    static String rowWithDrops(Roadmap r, Verdict v, int w) {
        StringBuilder b = new StringBuilder(Verifying.row(v, w));
        if (v.index() > 0)
            for (var c : r.steps().get(v.index() - 1).changes())
                if (c instanceof memdesc.steps.Change.Drop d)
                    b.append("\n     drops ").append(String.join(", ", d.users())).append(": ").append(d.access().arrow())
                            .append(" (").append(d.behaviour()).append(")");
        return b.toString();
    }
}
