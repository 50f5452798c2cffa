package memdesc.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code memdesc bench NAME}: benchmarks that print figures. Speed targets live here, never in unit tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (what, how many, time, rate).",
        subcommands = {CommandLine.HelpCommand.class, LoadBench.class, StatesBench.class, LayoutBench.class, BuddyBench.class,
                KpageflagsBench.class, ProgressBench.class, CheckBench.class, KernelBench.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
