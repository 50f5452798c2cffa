package memdesc.cli;

import memdesc.steps.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code memdesc} command line. Thin: parses, calls the library, prints. */
@Command(name = "memdesc", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "The Linux kernel's memdesc Path as an executable, bisectable roadmap.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, StepsCommand.class, ShowCommand.class,
                LayoutCommand.class, BuildCommand.class, RunCommand.class, CheckCommand.class, BisectCommand.class,
                IndependenceCommand.class, DepsCommand.class, DiffCommand.class, CostCommand.class,
                ProgressCommand.class, PositionCommand.class, ReportCommand.class, ExportCommand.class, WalkCommand.class, CompareCommand.class,
                ExamplesCommand.class, CompletionCommand.class, MutateCommand.class, memdesc.cli.bench.BenchCommand.class})
public final class Main implements Runnable {
    /** Exit status: the check ran and failed. */
    public static final int CHECK_FAILED = 1;
    /** Exit status: bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit status: a bug in memdesc itself. */
    public static final int INTERNAL = 3;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }


    private static final ThreadLocal<java.nio.file.Path> CWD = ThreadLocal.withInitial(() -> java.nio.file.Path.of(""));

    /** The directory relative paths resolve against (the process's, unless a caller of run() gave one). */
    static java.nio.file.Path cwd() {
        return CWD.get();
    }

    /** Runs the command line as if started in {@code cwd} (tests; the README check). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.nio.file.Path cwd) {
        return run(args, out, err, cwd, java.util.Map.of());
    }

    private static final ThreadLocal<java.util.Map<String, String>> ENV = ThreadLocal.withInitial(java.util.Map::of);

    /** As if started in {@code cwd} with {@code env} set on top of the process's environment (the docs' examples). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.nio.file.Path cwd, java.util.Map<String, String> env) {
        CWD.set(cwd);
        ENV.set(env);
        try {
            return run(args, out, err);
        } finally {
            CWD.remove();
            ENV.remove();
        }
    }

    /** An environment variable as this run sees it: what a caller of run() set, else the process's. */
    static String getenv(String name) {
        String v = ENV.get().get(name);
        return v != null ? v : System.getenv(name);
    }

    /** Runs the command line; never throws, returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = new CommandLine(new Main());
        Help.examples(cl);
        // text to the terminal's width (COLUMNS, else 80); machine formats untouched
        int columns = Width.columns();
        PrintWriter fitted = FitWriter.machineFormat(rest) ? out : new FitWriter(out, columns);
        int errColumns = Width.errColumns();
        PrintWriter fittedErr = errColumns == Width.UNLIMITED ? err : new FitWriter(err, errColumns);
        cl.setOut(fitted).setErr(fittedErr);
        cl.setUsageHelpWidth(Math.max(55, Math.min(columns, 120)));
        PrintWriter realErr = err;
        cl.setParameterExceptionHandler((ex, a) -> {
            String message = ex.getMessage();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    && u.getCommandLine().getCommandSpec().subcommands().size() > 1
                    && !u.getUnmatched().get(0).startsWith("-")) {
                // a mistyped command: say so, and what it may have meant (picocli's own suggestions)
                message = "unknown command '" + u.getUnmatched().get(0) + "'"
                        + (u.getSuggestions().isEmpty() ? "" : "; did you mean '" + u.getSuggestions().get(0) + "'?");
            }
            fittedErr.println("memdesc: " + message);
            fittedErr.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof InputException) {
                fittedErr.println(ex.getMessage());
                return BAD_INPUT;
            }
            if (debug) ex.printStackTrace(fittedErr);
            else fittedErr.println("memdesc: internal error: " + ex + " (run with --debug for details)");
            return INTERNAL;
        });
        try {
            return cl.execute(rest);
        } finally {
            if (fitted != out) fitted.close();
            if (fittedErr != err) fittedErr.close();
            out.flush();
            realErr.flush();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"memdesc " + (v == null ? "dev" : v)};
        }
    }
}
