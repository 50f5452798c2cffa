package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.concurrent.Executor;

/**
 * Decides one state: does it build, does it pass. Implementations are pure functions of the state (and
 * their own configuration: machine size, seed), which is what makes verdicts cacheable by state hash.
 */
@FunctionalInterface
public interface StateVerifier {
    Verdict verify(Roadmap roadmap, State state);

    /**
     * What a check run lends a verifier: its cache (null with {@code --no-cache}), where the shared work
     * can be kept across runs, and its pool (null when it has none), to which a verifier may hand part of
     * one state's work for a worker that would otherwise idle. A verdict must not depend on either.
     */
    record Context(VerdictCache cache, Executor spare) {
        public static final Context NONE = new Context(null, null);
    }

    /** {@link #verify(Roadmap, State)} with what the check run lends. */
    default Verdict verify(Roadmap roadmap, State state, Context ctx) {
        return verify(roadmap, state);
    }

    /** What besides the state decides the verdict (machine, seed, code version): part of the cache key. */
    default String configKey() {
        return getClass().getName();
    }

    /** What a state's verification time depends on besides the state: its cost history is kept per key. */
    default String costKey() {
        return configKey();
    }

    /**
     * Work every state's verdict needs and shares (the model's reference run), so that a scheduler can
     * give it a worker of its own before the states; {@link #verify} does it when nobody did.
     */
    default void prepare(Roadmap roadmap, Context ctx) {}
}
