package memdesc.verify;

import memdesc.steps.Expect;
import memdesc.steps.Roadmap;
import memdesc.steps.Step;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        String config = verifier.configKey() + expectKey(roadmap, state);
        return cached(state, hash, config).orElseGet(() -> compute(roadmap, state, config, new StateVerifier.Context(cache, spare())));
    }

    private ExecutorService spare;

    /** Workers for one state's parts when states are verified one at a time (bisect, deps); null with one job. */
    private synchronized ExecutorService spare() {
        if (jobs > 1 && spare == null) spare = Executors.newFixedThreadPool(jobs - 1, Check::daemon);
        return spare;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "memdesc-check");
        t.setDaemon(true);
        return t;
    }

    private Optional<Verdict> cached(State state, String hash, String config) {
        return cache == null ? Optional.empty() : cache.get(hash, config, state.index(), state.stepId());
    }

    private Verdict compute(Roadmap roadmap, State state, String config, StateVerifier.Context ctx) {
        Verdict v = verifier.verify(roadmap, state, ctx);
        if (cache != null) cache.put(config, v);
        return v.asCached(false);
    }

    /**
     * The producing step's {@code expect:} decides the verdict but is not part of the state's content, so
     * it is part of the cache key (without its line numbers, which move when an earlier step is edited).
     */
    static String expectKey(Roadmap roadmap, State state) {
        if (state.isBaseline()) return "";
        // whether the state is the roadmap's last decides whether a disabled user fails it
        String last = Verification.previewOpen(roadmap, state) != null ? ";preview-open" : "";
        Expect e = roadmap.step(state.stepId()).map(Step::expect).orElse(Expect.NONE);
        if (e.isEmpty()) return last;
        StringBuilder b = new StringBuilder(last + ";expect=");
        e.sizes().forEach(sz -> b.append(sz.struct()).append('=').append(sz.bytes()).append(','));
        e.matches().forEach(m -> b.append(m.a()).append('~').append(m.b()).append(','));
        return b.toString();
    }

    public Result run(Roadmap roadmap, Consumer<Verdict> onRow) {
        return run(roadmap, roadmap.states(), onRow);
    }

    /** Verifies the given states (in parallel), calling {@code onRow} in order as results arrive. */
    public Result run(Roadmap roadmap, List<State> states, Consumer<Verdict> onRow) {
        return run(roadmap, states, onRow, () -> {});
    }

    /**
     * As {@link #run(Roadmap, List, Consumer)}, and {@code onDone} is called (from a worker thread) as soon
     * as any state is verified, in completion order: for a live progress line.
     */
    public Result run(Roadmap roadmap, List<State> states, Consumer<Verdict> onRow, Runnable onDone) {
        return run(roadmap, states, onRow, s -> {}, v -> onDone.run());
    }

    /**
     * As {@link #run(Roadmap, List, Consumer)}, with {@code onStart} called (from a worker) when a state's
     * verification begins and {@code onFinish} as soon as it ends (a cache hit: both at once, before any
     * work), in completion order: for a progress line that names the states in flight.
     */
    public Result run(Roadmap roadmap, List<State> states, Consumer<Verdict> onRow, Consumer<State> onStart,
            Consumer<Verdict> onFinish) {
        List<Verdict> out = new ArrayList<>(states.size());
        if (jobs == 1) {
            for (State s : states) {
                onStart.accept(s);
                Verdict v = verify(roadmap, s);
                onFinish.accept(v);
                out.add(v);
                onRow.accept(v);
            }
            return new Result(List.copyOf(out));
        }
        // Cache hits first, here: they cost a file read, and only the misses are worth scheduling.
        int n = states.size();
        Verdict[] hits = new Verdict[n];
        String[] configs = new String[n];
        List<Integer> misses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            State s = states.get(i);
            configs[i] = verifier.configKey() + expectKey(roadmap, s);
            hits[i] = cached(s, s.contentHash(), configs[i]).orElse(null);
            if (hits[i] != null) {
                onStart.accept(s);
                onFinish.accept(hits[i]);
            } else {
                misses.add(i);
            }
        }
        Map<String, Long> costs = cache == null || misses.size() < 2 ? Map.of() : cache.costs(verifier.costKey());
        List<Integer> order = schedule(states, misses, costs);
        ExecutorService pool = Executors.newFixedThreadPool(jobs, Check::daemon);
        Map<String, Long> spent = new HashMap<>();
        try {
            // The work every state shares (the model's reference run of the baseline) goes first, as a task
            // of its own unless the baseline state is verified here anyway (first, and it does that work):
            // a worker that needs it meanwhile verifies its own state and only then waits for it.
            // The pool is lent to the verifier too: a worker with no state left to take runs a part of one
            // (a state's second machine), so a re-check of one state keeps both cores busy.
            StateVerifier.Context ctx = new StateVerifier.Context(cache, pool);
            if (!order.isEmpty() && !states.get(order.get(0)).isBaseline()) pool.submit(() -> verifier.prepare(roadmap, ctx));
            @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type is made raw
            Future<Verdict>[] futures = new Future[n];
            for (int i : order) {
                State s = states.get(i);
                String config = configs[i];
                futures[i] = pool.submit(() -> {
                    onStart.accept(s);
                    Verdict v = compute(roadmap, s, config, ctx);
                    onFinish.accept(v);
                    return v;
                });
            }
            for (int i = 0; i < n; i++) {
                Verdict v = hits[i] != null ? hits[i] : get(futures[i]);
                if (!v.cached()) spent.put(v.stepId(), v.millis());
                out.add(v);
                onRow.accept(v);
            }
        } finally {
            pool.shutdownNow();
        }
        if (cache != null && !spent.isEmpty()) cache.putCosts(verifier.costKey(), spent);
        return new Result(List.copyOf(out));
    }

    /**
     * The order the misses are verified in: the baseline first (every other state's traces are compared
     * with its run), then the costliest first, so that no worker is left with a long state at the end
     * while the other idles. The cost of a step's state is its time in the previous run (kept beside the
     * verdict cache); a step without one goes before those with one, later steps first, since a state
     * carries every earlier step's features and costs grow along the roadmap.
     */
    static List<Integer> schedule(List<State> states, List<Integer> misses, Map<String, Long> costs) {
        List<Integer> order = new ArrayList<>(misses);
        order.sort(Comparator.<Integer>comparingInt(i -> states.get(i).isBaseline() ? 0 : 1)
                .thenComparing(i -> costs.containsKey(states.get(i).stepId()) ? 1 : 0)
                .thenComparing(i -> -costs.getOrDefault(states.get(i).stepId(), 0L))
                .thenComparing(i -> -states.get(i).index())
                .thenComparing(i -> i));
        return order;
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
