package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.State;

/**
 * Decides one state: does it build, does it pass. Implementations are pure functions of the state (and
 * their own configuration: machine size, seed), which is what makes verdicts cacheable by state hash.
 */
@FunctionalInterface
public interface StateVerifier {
    Verdict verify(Roadmap roadmap, State state);

    /** What besides the state decides the verdict (machine, seed, code version): part of the cache key. */
    default String configKey() {
        return getClass().getName();
    }
}
