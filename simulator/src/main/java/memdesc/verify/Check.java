package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code memdesc check}: every state of the roadmap, baseline included, builds and passes. States are
 * independent once folded, so they are verified in parallel; results are delivered in roadmap order as
 * soon as each is known, and cached by state hash.
 */
public final class Check {
    private final StateVerifier verifier;
    private final VerdictCache cache;
    private final int jobs;

    /** @param cache null for no cache ({@code --no-cache}) */
    public Check(StateVerifier verifier, VerdictCache cache, int jobs) {
        this.verifier = verifier;
        this.cache = cache;
        this.jobs = Math.max(1, jobs);
    }

    /** The outcome: every verdict, and the first bad one if any. */
    public record Result(List<Verdict> verdicts) {
        public Optional<Verdict> firstBad() {
            return verdicts.stream().filter(v -> !v.ok()).findFirst();
        }

        public boolean bisectable() {
            return firstBad().isEmpty();
        }

        public long good() {
            return verdicts.stream().filter(Verdict::ok).count();
        }
    }

    /** Verifies one state, through the cache. */
    public Verdict verify(Roadmap roadmap, State state) {
        String hash = state.contentHash();
        String config = verifier.configKey();
        if (cache != null) {
            Optional<Verdict> hit = cache.get(hash, config, state.index(), state.stepId());
            if (hit.isPresent()) return hit.get();
        }
        Verdict v = verifier.verify(roadmap, state);
        if (cache != null) cache.put(config, v);
        return v.asCached(false);
    }

    public Result run(Roadmap roadmap, Consumer<Verdict> onRow) {
        return run(roadmap, roadmap.states(), onRow);
    }

    /** Verifies the given states (in parallel), calling {@code onRow} in order as results arrive. */
    public Result run(Roadmap roadmap, List<State> states, Consumer<Verdict> onRow) {
        List<Verdict> out = new ArrayList<>(states.size());
        if (jobs == 1 || states.size() == 1) {
            for (State s : states) {
                Verdict v = verify(roadmap, s);
                out.add(v);
                onRow.accept(v);
            }
            return new Result(List.copyOf(out));
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "memdesc-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Verdict>> futures = new ArrayList<>(states.size());
            for (State s : states) futures.add(pool.submit(() -> verify(roadmap, s)));
            for (Future<Verdict> f : futures) {
                Verdict v = get(f);
                out.add(v);
                onRow.accept(v);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(List.copyOf(out));
    }

    static Verdict get(Future<Verdict> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }
}
