package memdesc.cli;

import memdesc.git.Attribution;
import memdesc.git.Probe;
import memdesc.git.Progress;
import memdesc.git.ProgressResult;
import memdesc.steps.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memdesc progress}: memdesc conversion progress in a kernel git tree, per ref and per probe. */
@Command(name = "progress", mixinStandardHelpOptions = true,
        description = {"Count the work left in a kernel git tree: lines matching each probe, per ref.",
                "Counts equal git grep -c -E summed over files; blobs are read straight from the object store.",
                "With --attribute A..B: the commits in the range that moved each probe's count."})
public final class ProgressCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "PATH", description = "A git work tree or git dir (bare or not).")
    Path repo;

    @Option(names = "--refs", split = ",", paramLabel = "REF", description = "Refs to count, comma-separated.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--probe", paramLabel = "NAME=REGEX",
            description = "A probe; split at the first '='. Repeatable. Default: every probe of the roadmap's steps.")
    List<String> probes = new ArrayList<>();

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Option(names = "--fixed", description = "Take the probes' patterns literally (git grep -F).")
    boolean fixed;

    @Option(names = "--include", paramLabel = "GLOB", description = "Files to count (git pathspec glob; * matches / too). Default: *.c *.h")
    List<String> includes = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or tsv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--attribute", paramLabel = "A..B", description = "List the commits of A..B that change a count, with per-probe deltas.")
    String attribute;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Counting threads (default: one per core).")
    int threads;

    /** Every step's probes, in roadmap order, each once by name. */
    static List<Probe> roadmapProbes(memdesc.steps.Roadmap r, boolean fixed) {
        java.util.Map<String, Probe> out = new java.util.LinkedHashMap<>();
        for (memdesc.steps.Step s : r.steps())
            for (memdesc.steps.Probe p : s.probes()) out.putIfAbsent(p.name(), new Probe(p.name(), p.regex(), fixed));
        return List.copyOf(out.values());
    }

    @Override public Integer call() {
        Progress.Format fmt = switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> Progress.Format.TEXT;
            case "json" -> Progress.Format.JSON;
            case "tsv" -> Progress.Format.TSV;
            default -> throw new InputException("--format '" + format + "': error: expected text, json or tsv");
        };
        List<Probe> parsed = probes.isEmpty() ? roadmapProbes(roadmapOption.load(), fixed)
                : probes.stream().map(p -> Probe.parse(p, fixed)).toList();
        if (parsed.isEmpty()) throw new InputException("progress: error: the roadmap has no probes; give --probe NAME=REGEX");
        var out = spec.commandLine().getOut();
        if (attribute != null) {
            if (!refs.isEmpty()) throw new InputException("progress: error: --refs and --attribute do not go together");
            List<Attribution> commits = Progress.attribute(Main.cwd().resolve(repo), attribute, parsed, includes);
            out.print(Progress.render(repo.toString(), attribute, parsed, commits, fmt));
            return 0;
        }
        if (refs.isEmpty()) throw new InputException("progress: error: give --refs REF[,REF...] or --attribute A..B");
        ProgressResult result = Progress.count(Main.cwd().resolve(repo), refs, parsed, includes, threads);
        out.print(Progress.render(result, fmt));
        if (!result.missing().isEmpty() && fmt != Progress.Format.TEXT) {
            spec.commandLine().getErr().println("memdesc: warning: " + result.missing().size()
                    + " file(s) missing from the object store were not counted (listed in the output)");
        }
        return 0;
    }
}
