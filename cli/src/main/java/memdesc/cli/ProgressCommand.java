package memdesc.cli;

import memdesc.git.Attribution;
import memdesc.git.Attributions;
import memdesc.git.Breakdown;
import memdesc.git.Scan;
import memdesc.git.Tally;
import memdesc.git.Probe;
import memdesc.git.Progress;
import memdesc.git.ProgressResult;
import memdesc.steps.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memdesc progress}: memdesc conversion progress in a kernel git tree, per ref and per probe. */
@Command(name = "progress", mixinStandardHelpOptions = true,
        description = {"Count the work left in a kernel git tree: lines matching each probe, per ref.",
                "Counts equal git grep -c -E summed over files; blobs are read straight from the object store.",
                "With --attribute A..B: the commits in the range that moved each probe's count.",
                "--by file|dir|subsystem breaks counts down (subsystem: MAINTAINERS sections of each ref);"
                        + " with --attribute, --by author|commit|subsystem tallies removed and added uses."})
public final class ProgressCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "PATH", description = "A git work tree or git dir (bare or not).")
    Path repo;

    @Option(names = "--refs", split = ",", paramLabel = "REF",
            description = "Refs to count, comma-separated; a tag glob (v6.*) or tag range (v6.0..v6.18) is every tag it names, in version order.")
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

    @Option(names = "--by", paramLabel = "WHAT", description = "Break down: file, dir or subsystem (repeatable); with --attribute: author, commit or subsystem.")
    List<String> by = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", defaultValue = "0", description = "Show the N largest rows per probe (default: all).")
    int top;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "2", description = "Directory depth for --by dir (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--list", arity = "0..1", fallbackValue = "", paramLabel = "PROBE",
            description = "Print each match as ref:path:line:text (like git grep -n), for PROBE or every probe.")
    String list;

    @Option(names = "--code-only", description = "Ignore matches inside C comments (counts then differ from git grep's).")
    boolean codeOnly;

    @Option(names = "--keywords", description = "Also use MAINTAINERS K: content patterns for sections (get_maintainer.pl --keywords-in-file).")
    boolean keywords;

    @Option(names = "--cache", paramLabel = "DIR", description = "Per-blob count cache (default: $XDG_CACHE_HOME/memdesc/progress or ~/.cache/memdesc/progress).")
    Path cache;

    @Option(names = "--no-cache", description = "Neither read nor write the per-blob cache.")
    boolean noCache;

    @Option(names = "--verbose", description = "List every missing object (default: one summary line).")
    boolean verbose;

    private Path cacheDir() {
        if (noCache) return null;
        if (cache != null) return Main.cwd().resolve(cache);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("memdesc").resolve("progress");
    }

    /** A status line on stderr while working ({@link ProgressLine}: only on a terminal); {@link #done} erases it before the result. */
    private final class Status implements java.util.function.Consumer<String>, AutoCloseable {
        private final ProgressLine line = ProgressLine.on(spec.commandLine().getErr());

        @Override public void accept(String what) {
            line.show("progress: " + what);
        }

        void done() {
            line.close();
        }

        @Override public void close() {
            line.close();
        }
    }

    /** Every probe of the roadmap {@code roadmapArg} names (null: roadmap.yaml here, else the built-in one). */
    public static List<Probe> roadmapProbes(String roadmapArg) {
        return roadmapProbes(RoadmapArg.load(roadmapArg), false);
    }

    /** Every step's probes, in roadmap order, each once by name. */
    public static List<Probe> roadmapProbes(memdesc.steps.Roadmap r, boolean fixed) {
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
        Path repoPath = Main.cwd().resolve(repo);
        if (top < 0) throw new InputException("--top " + top + ": error: expected a number >= 0");
        if (depth < 1) throw new InputException("--depth " + depth + ": error: expected a number >= 1");
        try (Status status = new Status()) {
            if (attribute != null) {
                if (!refs.isEmpty()) throw new InputException("progress: error: --refs and --attribute do not go together");
                if (list != null) throw new InputException("progress: error: --list and --attribute do not go together");
                if (by.size() > 1) throw new InputException("progress: error: --attribute takes one --by");
                Tally.By tallyBy = by.isEmpty() ? null : switch (by.get(0).toLowerCase(Locale.ROOT)) {
                    case "author" -> Tally.By.AUTHOR;
                    case "commit" -> Tally.By.COMMIT;
                    case "subsystem", "section" -> Tally.By.SUBSYSTEM;
                    default -> throw new InputException("--by '" + by.get(0) + "': error: with --attribute expected author, commit or subsystem");
                };
                Scan.Options opts = Scan.Options.defaults().withIncludes(includes).withThreads(threads).withCodeOnly(codeOnly)
                        .withSections(tallyBy == Tally.By.SUBSYSTEM).withCache(cacheDir()).withStatus(status);
                Attributions a = Progress.attribute(repoPath, attribute, parsed, opts);
                status.done();
                if (tallyBy == null) out.print(Progress.render(repo.toString(), attribute, parsed, a.commits(), fmt));
                else out.print(Progress.render(a, tallyBy, top, fmt));
                return 0;
            }
            if (refs.isEmpty()) throw new InputException("progress: error: give --refs REF[,REF...] or --attribute A..B");
            List<Breakdown.By> breakdowns = new ArrayList<>();
            for (String b : by) {
                breakdowns.add(switch (b.toLowerCase(Locale.ROOT)) {
                    case "file" -> Breakdown.By.FILE;
                    case "dir" -> Breakdown.By.DIR;
                    case "subsystem", "section" -> Breakdown.By.SUBSYSTEM;
                    default -> throw new InputException("--by '" + b + "': error: expected file, dir or subsystem");
                });
            }
            List<String> expanded = Progress.expandRefs(repoPath, refs);
            boolean sections = breakdowns.contains(Breakdown.By.SUBSYSTEM) || breakdowns.contains(Breakdown.By.FILE);
            Scan.Options opts = Scan.Options.defaults().withIncludes(includes).withThreads(threads).withCodeOnly(codeOnly)
                    .withSections(sections).withKeywords(keywords).withCache(cacheDir()).withStatus(status);
            Scan scan = Progress.scan(repoPath, expanded, parsed, opts);
            status.done();
            if (list != null) {
                // git grep -n's format, ref:path:line:text, which editors and tools read: never wrapped
                PrintWriter raw = FitWriter.unwrapped(out);
                Progress.list(repoPath, scan, list.isEmpty() ? null : list, includes, raw::println);
                raw.flush();
            } else if (breakdowns.isEmpty()) {
                out.print(Progress.render(scan, fmt, verbose));
            } else {
                List<Breakdown> bs = breakdowns.stream().map(b -> Breakdown.of(scan, b, depth)).toList();
                out.print(Progress.render(scan, bs, top, fmt, verbose));
            }
            ProgressResult result = scan.selected();
            if (!result.missing().isEmpty() && (fmt != Progress.Format.TEXT || list != null)) {
                spec.commandLine().getErr().println("memdesc: warning: " + result.missing().size()
                        + " file(s) missing from the object store were not counted" + (fmt == Progress.Format.JSON ? " (listed in the output)" : ""));
            }
            out.flush();
        }
        return 0;
    }
}
