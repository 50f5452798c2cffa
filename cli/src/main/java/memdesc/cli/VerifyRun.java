package memdesc.cli;

import memdesc.verify.Check;
import picocli.CommandLine.Option;

/** The options every verifying command shares (picocli mixin); each command keeps its own --machine default. */
final class VerifyRun {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the scenarios (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jobs", paramLabel = "N", description = "States verified in parallel (default: the number of cores).")
    Integer jobs;

    @Option(names = "--no-cache", description = "Neither read nor write the verdict cache.")
    boolean noCache;

    int jobs() {
        return Verifying.jobs(jobs);
    }

    /** The check these options describe on a machine of {@code machineBytes}. */
    Check check(long machineBytes) {
        return Verifying.check(machineBytes, seed, jobs(), noCache);
    }
}
