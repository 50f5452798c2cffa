package memdesc.cli;

import memdesc.export.Export;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc export [ROADMAP] --to DIR}: the roadmap as a git history that git bisect run can search. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the roadmap as a new git repository in DIR: one commit per state"
        + " (the baseline first), each with the state as C headers and users, a STATE.md, the roadmap and an executable"
        + " check.sh for git bisect run: 0 when the states up to this one verify as 'memdesc check' verifies them"
        + " (the model's scenarios included) and the C compiler accepts this one, 1 when not, 125 (skip) when there is"
        + " no memdesc to run. The memdesc that runs is recorded in the new repository's git config (memdesc.command;"
        + " $MEMDESC overrides it). With --check build, check.sh only compiles (125 without a C compiler)."
        + " Same roadmap and options, same commit ids.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", hidden = true, paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "a new or empty directory")
    String to;

    enum Kind { model, build }

    @Option(names = "--check", paramLabel = "KIND", defaultValue = "model",
            description = "What check.sh verifies: model (memdesc check up to the state, then the C compiler) or build"
                    + " (the C compiler only) (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "4GiB",
            description = "With --check model: RAM of the modelled machine (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "With --check model: seed of the scenarios (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Mixin FormatOption format;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        Path dir;
        try {
            dir = Path.of(to);
        } catch (InvalidPathException e) {
            throw new InputException("memdesc: bad directory '" + to + "': " + e.getReason());
        }
        Roadmap r = roadmapOption.load(roadmap);
        PrintWriter out = format.json() ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        Export.ModelCheck model = null;
        if (kind == Kind.model) {
            Verifying.machine(machine); // a bad size is refused here, not by every commit's check.sh
            model = modelCheck(roadmapOption.pick(roadmap), machine, seed, selfCommand());
        }
        // one line per commit, as git log --oneline shows it; a title too long for the width is cut (git log has it whole)
        int width = Width.columns();
        List<Export.Commit> commits = Export.run(r, dir, line -> {
            out.println(Width.fit(line, width));
            out.flush();
        }, model);
        out.println(model == null ? "check.sh: the C compiler only (--check build): it does not run the model"
                : "check.sh: memdesc check --until the state (machine " + machine + ", seed " + seed + "), then the C compiler;"
                + (model.command() == null ? " memdesc from PATH" : " memdesc is " + model.command()));
        String first = commits.get(0).id().substring(0, 12);
        if (format.json()) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("roadmap", r.file());
            doc.put("directory", dir.toString());
            doc.put("branch", "main");
            doc.put("commits", commits);
            doc.put("checkSh", model == null ? "build" : "model");
            doc.put("machine", model == null ? null : machine);
            doc.put("seed", model == null ? null : seed);
            doc.put("memdesc", model == null ? null : model.command());
            doc.put("bisect", "git bisect start HEAD " + first + " && git bisect run ./check.sh");
            FormatOption.print(spec.commandLine().getOut(), doc);
            return 0;
        }
        out.println("wrote " + commits.size() + " commits (" + (commits.size() - 1) + " steps) of " + r.file() + " to " + dir
                + ", branch main checked out at the last state; bisect it with:");
        out.flush();
        // commands to copy and paste: one a line, never wrapped (a long directory name runs past the width)
        PrintWriter raw = FitWriter.unwrapped(out);
        raw.println("  cd " + shellQuote(dir.toString()));
        raw.println("  git bisect start HEAD " + first);
        raw.println("  git bisect run ./check.sh");
        raw.flush();
        return 0;
    }

    /**
     * What check.sh runs on: the roadmap's text and, for a variant, the files its {@code extends:} chain
     * names, carried as base-1.yaml, base-2.yaml, ... with each {@code extends:} value renamed to match
     * (on the same line, so every other position stays where it was): the export loads on its own.
     */
    static Export.ModelCheck modelCheck(String arg, String machine, long seed, String command) {
        java.util.Map<String, String> bases = new java.util.LinkedHashMap<>();
        Path file = Main.cwd().resolve(arg != null ? arg : RoadmapArg.DEFAULT);
        String text = carryBases(RoadmapArg.text(arg), file, bases);
        return new Export.ModelCheck(text, machine, seed, command, bases);
    }

    private static final java.util.regex.Pattern EXTENDS =
            java.util.regex.Pattern.compile("(?m)^extends:[ \\t]*(['\"]?)([^'\"#\\n]*?)\\1[ \\t]*(?:#.*)?$");

    private static String carryBases(String text, Path file, java.util.Map<String, String> bases) {
        java.util.regex.Matcher m = EXTENDS.matcher(text);
        if (!m.find() || m.group(2).isBlank() || bases.size() >= 8) return text; // (the loader already took it)
        Path base = (file.getParent() == null ? Path.of("") : file.getParent()).resolve(m.group(2).strip());
        String name = "base-" + (bases.size() + 1) + ".yaml";
        bases.put(name, ""); // reserves the name before the base's own bases
        try {
            bases.put(name, carryBases(java.nio.file.Files.readString(base), base, bases));
        } catch (java.io.IOException e) {
            throw new InputException(file + ": error: cannot read the base roadmap " + base + ": " + e.getMessage());
        }
        return text.substring(0, m.start(2)) + name + text.substring(m.end(2));
    }

    /**
     * A shell command line that runs this memdesc again: the launcher that started us (MEMDESC_LAUNCHER,
     * set by ./memdesc), else java on our jar, else java on our class path (tests, an IDE).
     */
    static String selfCommand() {
        String launcher = System.getenv("MEMDESC_LAUNCHER");
        if (launcher != null && !launcher.isBlank() && java.nio.file.Files.isExecutable(Path.of(launcher)))
            return shellQuote(launcher);
        String jvm = ProcessHandle.current().info().command().orElse("java");
        try {
            Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (java.nio.file.Files.isRegularFile(self) && self.toString().endsWith(".jar"))
                return shellQuote(jvm) + " -jar " + shellQuote(self.toAbsolutePath().toString());
        } catch (Exception e) {
            // no code source: fall back to the class path
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (cp == null || cp.isBlank()) return null;
        return shellQuote(jvm) + " -cp " + shellQuote(cp) + " " + Main.class.getName();
    }

    /** The directory as sh reads it back: plain names as they are, anything else in single quotes. */
    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./+,:=@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
