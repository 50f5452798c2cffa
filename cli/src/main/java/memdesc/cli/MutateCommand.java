package memdesc.cli;

import memdesc.mutate.Mutate;
import memdesc.steps.InputException;
import memdesc.steps.RoadmapLoader;
import memdesc.verify.VerdictCache;
import memdesc.verify.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memdesc mutate}: how strong the check is, as the share of wrong roadmaps it catches at the right step. */
@Command(name = "mutate", mixinStandardHelpOptions = true,
        description = {"Write wrong variants of the roadmap with typed operators (drop a change, a user's convert, a "
                + "helper switch; swap two struct members or put them in one union; move a step before a need; "
                + "give a kind Buddy's alias code or another kind's code; disable a user for good; remove a step; "
                + "narrow a PFN field), check each (several at once, through the verdict cache), and print the "
                + "mutation score: the share of valid, non-equivalent mutants that check fails first at the step "
                + "the mutation breaks. Survivors are shown as diffs of the roadmap, each equivalent (and why) or a gap.",
                "Exit status: 0 when every non-equivalent mutant is killed, 1 when some survive (or the roadmap "
                        + "itself fails check), 2 bad input."})
final class MutateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the operators' choices and of the sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario-seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the scenarios' workload, as check's --seed (default: ${DEFAULT-VALUE}).")
    long scenarioSeed;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0",
            description = "At most N mutants, sampled by the seed round-robin over operators (default: all).")
    int max;

    @Option(names = "--operator", paramLabel = "NAME", split = ",",
            description = "Only these operators (comma-separated): drop-change, drop-convert, drop-helper, swap-members, "
                    + "union-members, move-before-need, type-aliases-buddy, type-shared-code, disable-for-good, remove-step, narrow-pfn.")
    List<String> operators;

    @Option(names = "--list", description = "List the mutants (id, operator, step, what, where it must fail) without checking them.")
    boolean list;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "RAM of the modelled machine (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(names = "--jobs", paramLabel = "N", description = "Mutants checked at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--follow", description = "Check a survivor past the step it must fail at, to say where it first fails.")
    boolean follow;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--no-cache", description = "Neither read nor write the verdict cache.")
    boolean noCache;

    @Override public Integer call() {
        if (max < 0) throw new InputException("memdesc mutate: --max must be 0 (all) or more, got " + max);
        long machineBytes = Verifying.machine(machine);
        int j = Verifying.jobs(jobs);
        String[] named = new String[1];
        String text = text(roadmapOption.pick(roadmap), named);
        VerdictCache cache = noCache ? null : VerdictCache.standard();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // --kernel: the tree is read once; every mutant, once loaded, takes the same baseline structs from it
        memdesc.build.KernelBaseline.Result k = kernelOption.kernel == null ? null
                : kernelOption.read(RoadmapLoader.parse(named[0], text.getBytes(StandardCharsets.UTF_8)), err, "mutate");
        if (k == null) kernelOption.read(null, err, "mutate");   // --config alone is refused
        java.util.function.UnaryOperator<memdesc.steps.Roadmap> base = k == null ? java.util.function.UnaryOperator.identity() : k::onto;
        var opts = new Mutate.Options(seed, max, j, follow, operators == null ? java.util.Set.of() : new LinkedHashSet<>(operators));
        if (list) {
            List<Mutate.Planned> planned = Mutate.plan(named[0], text, opts, base);
            if (format == Format.json) {
                List<Object> rows = new ArrayList<>();
                for (Mutate.Planned p : planned) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", p.id());
                    m.put("operator", p.operator());
                    m.put("step", p.step());
                    m.put("description", p.description());
                    m.put("mustFailAt", p.window());
                    rows.add(m);
                }
                out.println(CheckCommand.write(rows));
            } else {
                for (Mutate.Planned p : planned)
                    out.println("#" + p.id() + " " + p.operator() + " " + p.step() + ": " + p.description() + " (must fail " + p.windowSays() + ")");
                out.println(planned.size() + " mutants");
            }
            out.flush();
            return 0;
        }
        Mutate.Report r;
        try (ProgressLine progress = ProgressLine.on(err)) {
            Live live = new Live(progress);
            live.first(named[0]);
            r = Mutate.run(named[0], text, opts, Verification.standard(machineBytes, scenarioSeed), cache, live, base);
        }
        if (r.originalFailure() != null) {
            var v = r.originalFailure();
            err.println("memdesc mutate: " + named[0] + " itself fails check at step " + v.index() + " " + v.stepId() + ": "
                    + v.failure() + "; mutation testing needs a roadmap that passes");
            return Main.CHECK_FAILED;
        }
        // the score is kept by the text it was run on: a kernel baseline's is another (the tree's structs are part of the key)
        if (operators == null) Mutate.remember(cache, k == null ? text : text + "\n# --kernel " + k.treeHash() + "\n", r, machineBytes);
        if (format == Format.json) out.println(CheckCommand.write(json(r, machineBytes, j)));
        else text(out, r, machineBytes, j, Width.columns());
        out.flush();
        return r.killed() == r.scored() ? 0 : Main.CHECK_FAILED;
    }

    /** The roadmap's text and the name it goes by (as RoadmapArg picks it). */
    static String text(String arg, String[] name) {
        Path p;
        if (arg != null) {
            p = Main.cwd().resolve(arg);
            name[0] = arg;
        } else {
            p = Main.cwd().resolve(RoadmapArg.DEFAULT);
            name[0] = RoadmapArg.DEFAULT;
            if (!Files.exists(p)) {
                name[0] = "(bundled)" + RoadmapLoader.BUNDLED;
                try (InputStream in = RoadmapLoader.class.getResourceAsStream(RoadmapLoader.BUNDLED)) {
                    if (in == null) throw new InputException("memdesc: error: no roadmap in this build of memdesc");
                    return new String(in.readNBytes((int) RoadmapLoader.MAX_BYTES + 1), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException("memdesc: error: cannot read the bundled roadmap: " + e.getMessage());
                }
            }
        }
        RoadmapLoader.load(p, name[0]); // the loader's own checks and messages (size, UTF-8, no such file)
        String own = memdesc.steps.InputFile.read(p, name[0], RoadmapLoader.MAX_BYTES, "roadmap");
        if (!Files.isRegularFile(p)) return own;     // a pipe is read once (a variant's base is a path beside a file)
        // a variant (extends:) is mutated as the one roadmap it stands for: its lines spliced into its base's
        String flat = RoadmapLoader.flatten(p);
        if (!flat.equals(own)) name[0] = name[0] + " (flattened)";
        return flat;
    }

    /** The score table, then each mutant not killed with its diff (a diff line too long for {@code width} is cut, not wrapped: a wrapped line would read as one more line of the diff). */
    static void text(PrintWriter out, Mutate.Report r, long machineBytes, int jobs, int width) {
        out.printf(Locale.ROOT, "%s: %d mutant%s%s, seed %d, machine %s, %d job%s%n", r.roadmap(), r.results().size(),
                r.results().size() == 1 ? "" : "s",
                r.results().size() == r.generated() ? "" : " (sampled from " + r.generated() + ")", r.seed(),
                Verifying.bytes(machineBytes), jobs, jobs == 1 ? "" : "s");
        out.printf(Locale.ROOT, "%-19s %7s %6s %10s %8s %7s %7s %5s%n", "operator", "mutants", "killed", "wrong-step",
                "survived", "crashed", "invalid", "equiv");
        for (Mutate.OperatorRow o : r.operators())
            out.printf(Locale.ROOT, "%-19s %7d %6d %10d %8d %7d %7d %5d%n", o.operator(), o.mutants(), o.killed(),
                    o.wrongStep(), o.survived(), o.crashed(), o.invalid(), o.equivalent());
        List<Mutate.Result> shown = r.results().stream().filter(x -> x.fate() != Mutate.Fate.KILLED && x.fate() != Mutate.Fate.INVALID).toList();
        for (Mutate.Result x : shown) {
            out.println();
            out.println(headline(x));
            if (x.diff() != null && !x.diff().isEmpty())
                for (String l : x.diff().split("\n")) out.println(Width.fit(l, width));
        }
        List<Mutate.Result> notes = r.results().stream().filter(x -> x.fate() == Mutate.Fate.KILLED && x.why() != null).toList();
        if (!notes.isEmpty()) {
            out.println();
            out.println("killed, with a need the roadmap does not declare:");
            for (Mutate.Result x : notes) out.println("  #" + x.id() + " " + x.operator() + " " + x.step() + ": " + x.why());
        }
        List<Mutate.Result> invalid = r.results().stream().filter(x -> x.fate() == Mutate.Fate.INVALID).toList();
        if (!invalid.isEmpty()) {
            out.println();
            out.println("invalid (did not load, not scored):");
            for (Mutate.Result x : invalid) out.println("  #" + x.id() + " " + x.operator() + " " + x.step() + ": " + x.failure());
        }
        out.println();
        out.printf(Locale.ROOT, "mutation score: %.1f%% (%d of %d valid non-equivalent mutants killed at the step they break; "
                + "%d equivalent, %d invalid)%n", r.score(), r.killed(), r.scored(), r.equivalent(), r.invalid());
        out.printf(Locale.ROOT, "elapsed %s, CPU %s%n", Verifying.millis(r.millis()), Verifying.millis(r.cpuMillis()));
    }

    static String headline(Mutate.Result x) {
        String verdict = switch (x.fate()) {
            case NOOP -> "equivalent: " + x.why();
            case SURVIVED -> (x.equivalent() ? "equivalent: " + x.why() : "gap: check passes " + x.windowSays());
            case WRONG_STEP -> "gap: must fail " + x.windowSays() + ", first fails at " + x.failedAt() + ": " + x.failure();
            case CRASHED -> "gap: the tool crashed" + (x.failedAt() == null ? "" : " at " + x.failedAt()) + ": " + x.failure();
            default -> x.fate().name().toLowerCase(Locale.ROOT);
        };
        return "#" + x.id() + " " + x.operator() + " " + x.step() + ": " + x.description() + "\n    " + verdict;
    }

    static Map<String, Object> json(Mutate.Report r, long machineBytes, int jobs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("roadmap", r.roadmap());
        doc.put("seed", r.seed());
        doc.put("machineBytes", machineBytes);
        doc.put("jobs", jobs);
        doc.put("generated", r.generated());
        doc.put("mutants", r.results().size());
        doc.put("killed", r.killed());
        doc.put("scored", r.scored());
        doc.put("equivalent", r.equivalent());
        doc.put("invalid", r.invalid());
        doc.put("score", Math.round(r.score() * 10) / 10.0);
        List<Object> ops = new ArrayList<>();
        for (Mutate.OperatorRow o : r.operators()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("operator", o.operator());
            m.put("mutants", o.mutants());
            m.put("killed", o.killed());
            m.put("wrongStep", o.wrongStep());
            m.put("survived", o.survived());
            m.put("crashed", o.crashed());
            m.put("invalid", o.invalid());
            m.put("equivalent", o.equivalent());
            ops.add(m);
        }
        doc.put("operators", ops);
        List<Object> ms = new ArrayList<>();
        for (Mutate.Result x : r.results()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("operator", x.operator());
            m.put("step", x.step());
            m.put("description", x.description());
            m.put("mustFailAt", x.window());
            m.put("fate", x.fate().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("failedAt", x.failedAt());
            m.put("failure", x.failure());
            m.put("equivalent", x.equivalent());
            m.put("why", x.why());
            m.put("gap", x.gap());
            m.put("diff", x.diff());
            m.put("statesVerified", x.statesVerified());
            m.put("millis", x.millis());
            ms.add(m);
        }
        doc.put("results", ms);
        doc.put("millis", r.millis());
        doc.put("cpuMillis", r.cpuMillis());
        return doc;
    }

    /** The progress line on a terminal ({@link ProgressLine}): {@code [k/N] killed a, not killed b}. */
    static final class Live implements Mutate.Listener {
        private final ProgressLine line;
        private int killed, other;

        Live(ProgressLine line) {
            this.line = line;
        }

        /** Before any mutant: the roadmap itself is checked first. */
        void first(String roadmap) {
            line.show("checking " + roadmap + " itself");
        }

        @Override public synchronized void started(int mutants) {
            draw(0, mutants);
        }

        @Override public synchronized void done(Mutate.Result r, int done, int total) {
            if (r.fate() == Mutate.Fate.KILLED) killed++;
            else if (r.gap()) other++;
            draw(done, total);
        }

        private void draw(int done, int total) {
            line.show(String.format(Locale.ROOT, "[%d/%d] killed %d, not killed %d", done, total, killed, other));
        }
    }
}
