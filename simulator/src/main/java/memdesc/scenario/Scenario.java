package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded workload: it builds a population through the users it names, checks the invariants at its
 * peaks ({@link Kernel#peak()}), records what it observed in its trace (never PFNs or addresses, which
 * legitimately differ between states), and frees everything. Every scenario is a class of its own,
 * registered by name in {@link Registry}; {@link Scenarios} runs them.
 */
interface Scenario {
    /** The name users give on the command line ({@code run --scenario NAME}) and the trace shows. */
    String name();

    /** The users it drives: it is skipped in a state that disables one. */
    List<String> users();

    /** Runs the workload on {@code k}, appending observations to {@code trace}; returns its operation count. */
    long run(Kernel k, SplittableRandom r, List<String> trace);
}
