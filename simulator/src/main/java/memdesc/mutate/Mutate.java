package memdesc.mutate;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import memdesc.verify.Check;
import memdesc.verify.StateVerifier;
import memdesc.verify.Verdict;
import memdesc.verify.VerdictCache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * {@code memdesc mutate}: mutation testing of a plan. Typed operators ({@link Operators}) write wrong
 * variants of the roadmap's text; each is loaded and checked state by state, in order, through the
 * verdict cache (so the unchanged prefix of a mutant is never verified again), several mutants at once.
 * A mutant is <b>killed</b> when the first state that fails is at the step the mutation breaks (its
 * window); it is <b>invalid</b> when it does not load; a mutant whose every state equals the roadmap's
 * is a <b>no-op</b> (equivalent, not run). The others are survivors, each either equivalent (with the
 * reason) or a gap in the check. The score is killed / (valid - equivalent).
 */
public final class Mutate {
    private Mutate() {}

    /**
     * @param seed      chooses the seeded parts of operators and the sample
     * @param max       at most this many mutants (sampled round-robin over operators); 0 for all
     * @param jobs      mutants checked at once
     * @param follow    check a survivor's states past its window too (to say where it first fails)
     * @param operators only these operators (empty: all)
     */
    public record Options(long seed, int max, int jobs, boolean follow, Set<String> operators) {
        public Options {
            operators = Set.copyOf(operators);
        }
    }

    public enum Fate {
        /** The first failing state is in the window. */
        KILLED,
        /** Check fails, but first at a step outside the window. */
        WRONG_STEP,
        /** Every state checked passes. */
        SURVIVED,
        /** The tool threw while checking it (a bug, not a verdict). */
        CRASHED,
        /** The mutant does not load. */
        INVALID,
        /** Every state is the roadmap's own: the edit changed nothing where it stood. */
        NOOP
    }

    /**
     * One mutant's result. {@code failedAt}/{@code failure}: the first failing state checked (null if
     * none); {@code equivalent}: an equivalent mutant (no-op, or a survivor with {@code why}); {@code diff}:
     * the unified diff of the roadmap (kept for every mutant that is not killed).
     */
    public record Result(int id, String operator, String step, String description, List<String> window, String windowSays,
                         Fate fate, String failedAt, String failure, boolean equivalent, String why, String diff,
                         int statesVerified, long millis) {
        public Result {
            window = List.copyOf(window);
        }

        /** Counts against the score: a valid, non-equivalent mutant that is not killed. */
        public boolean gap() {
            return fate != Fate.KILLED && fate != Fate.INVALID && !equivalent;
        }
    }

    /** Per operator: how many mutants, and what became of them. */
    public record OperatorRow(String operator, int mutants, int killed, int wrongStep, int survived, int crashed,
                              int invalid, int equivalent) {}

    /**
     * The whole run. {@code generated} mutants were written, {@code results} the ones run (all, or the
     * sample of {@code --max}); {@code score} = killed / scored, as a percentage (100 when nothing scored).
     */
    public record Report(String roadmap, long seed, int generated, List<Result> results, List<OperatorRow> operators,
                         int killed, int scored, int invalid, int equivalent, double score, long millis, long cpuMillis,
                         Verdict originalFailure) {
        public Report {
            results = List.copyOf(results);
            operators = List.copyOf(operators);
        }

        public List<Result> survivors() {
            return results.stream().filter(r -> r.fate() != Fate.KILLED && r.fate() != Fate.INVALID && r.fate() != Fate.NOOP).toList();
        }
    }

    /** Told of progress, from worker threads. */
    public interface Listener {
        default void started(int mutants) {}

        default void done(Result r, int done, int total) {}
    }

    /** A mutant as {@code --list} shows it, without checking it. */
    public record Planned(int id, String operator, String step, String description, List<String> window, String windowSays,
                          String text) {}

    /** The mutants a run with these options would check (same ids, same sample), without checking any. */
    public static List<Planned> plan(String file, String text, Options o) {
        return plan(file, text, o, UnaryOperator.identity());
    }

    /** As {@link #plan(String, String, Options)}, on the roadmap {@code rebase} makes of the text (a kernel tree's baseline). */
    public static List<Planned> plan(String file, String text, Options o, UnaryOperator<Roadmap> rebase) {
        Roadmap original = rebase.apply(RoadmapLoader.parse(file, text.getBytes(StandardCharsets.UTF_8)));
        List<Mutant> chosen = choose(original, text, o);
        List<Planned> out = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Mutant m = chosen.get(i);
            out.add(new Planned(i + 1, m.operator(), m.step(), m.description(), m.window(), m.windowSays(), m.text()));
        }
        return out;
    }

    private static List<Mutant> choose(Roadmap original, String text, Options o) {
        for (String op : o.operators())
            if (!Operators.NAMES.contains(op))
                throw new InputException("memdesc mutate: unknown operator '" + op + "' (operators: " + String.join(", ", Operators.NAMES) + ")");
        List<Mutant> all = Operators.all(original, text, o.seed());
        return sample(all.stream().filter(m -> o.operators().isEmpty() || o.operators().contains(m.operator())).toList(),
                o.max(), o.seed());
    }

    /** How many mutants the operators write for this roadmap, before --operator and --max. */
    public static int generated(String file, String text, long seed) {
        return Operators.all(RoadmapLoader.parse(file, text.getBytes(StandardCharsets.UTF_8)), text, seed).size();
    }

    /** The operators' names, in the order mutants are generated. */
    public static List<String> operatorNames() {
        return Operators.NAMES;
    }

    /**
     * Mutates {@code text} (the roadmap file {@code file}) and checks every mutant with {@code verifier}
     * through {@code cache} (may be null). The roadmap itself is checked first: when it does not pass,
     * nothing is mutated and the report carries its first bad verdict.
     */
    public static Report run(String file, String text, Options o, StateVerifier verifier, VerdictCache cache, Listener l) {
        return run(file, text, o, verifier, cache, l, UnaryOperator.identity());
    }

    /**
     * As {@link #run(String, String, Options, StateVerifier, VerdictCache, Listener)}, with {@code rebase} applied
     * to the roadmap and to every mutant once loaded (a kernel tree's baseline, {@code --kernel}): the mutants
     * are written from, and checked on, that roadmap. The verdict cache tells the two apart by the states' hashes.
     */
    public static Report run(String file, String text, Options o, StateVerifier verifier, VerdictCache cache, Listener l,
                             UnaryOperator<Roadmap> rebase) {
        long t0 = System.nanoTime();
        long cpu0 = cpuMillis();
        Roadmap original = rebase.apply(RoadmapLoader.parse(file, text.getBytes(StandardCharsets.UTF_8)));
        List<Mutant> chosen = choose(original, text, o);
        Check.Result base = new Check(verifier, cache, o.jobs()).run(original, v -> {});
        if (!base.bisectable())
            return new Report(file, o.seed(), 0, List.of(), List.of(), 0, 0, 0, 0, 0, ms(t0), cpuMillis() - cpu0, base.firstBad().orElseThrow());
        int generated = Operators.all(original, text, o.seed()).size();
        List<String> originalHashes = original.states().stream().map(State::contentHash).toList();
        List<String> originalLines = List.of(text.split("\n", -1));
        Check one = new Check(verifier, cache, 1);
        l.started(chosen.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.jobs()), r -> {
            Thread t = new Thread(r, "memdesc-mutate");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        List<Result> results = new ArrayList<>();
        try {
            List<Future<Result>> fs = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                int id = i + 1;
                Mutant m = chosen.get(i);
                fs.add(pool.submit(() -> {
                    Result r = one(id, m, file, original, originalHashes, originalLines, one, o.follow(), rebase);
                    l.done(r, done.incrementAndGet(), chosen.size());
                    return r;
                }));
            }
            for (Future<Result> f : fs) results.add(get(f));
        } finally {
            pool.shutdownNow();
        }
        return summarise(file, o.seed(), generated, results, ms(t0), cpuMillis() - cpu0);
    }

    static Report summarise(String file, long seed, int generated, List<Result> results, long millis, long cpu) {
        Map<String, int[]> rows = new LinkedHashMap<>();
        for (String op : Operators.NAMES) rows.put(op, new int[7]);
        int killed = 0, invalid = 0, equivalent = 0, scored = 0;
        for (Result r : results) {
            int[] row = rows.computeIfAbsent(r.operator(), k -> new int[7]);
            row[0]++;
            switch (r.fate()) {
                case KILLED -> row[1]++;
                case WRONG_STEP -> row[2]++;
                case SURVIVED -> row[3]++;
                case CRASHED -> row[4]++;
                case INVALID -> row[5]++;
                case NOOP -> { }
            }
            if (r.equivalent()) row[6]++;
            if (r.fate() == Fate.INVALID) invalid++;
            else if (r.equivalent()) equivalent++;
            else {
                scored++;
                if (r.fate() == Fate.KILLED) killed++;
            }
        }
        List<OperatorRow> ops = new ArrayList<>();
        rows.forEach((op, v) -> {
            if (v[0] > 0) ops.add(new OperatorRow(op, v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        });
        double score = scored == 0 ? 100.0 : 100.0 * killed / scored;
        return new Report(file, seed, generated, results, ops, killed, scored, invalid, equivalent, score, millis, cpu, null);
    }

    /** A file name as a diff header names it: an absolute path without its leading slash (no {@code a//}). */
    static String relative(String file) {
        return file.replaceFirst("^/+", "");
    }

    /** Loads, folds and checks one mutant, state by state, stopping at the first failure. */
    static Result one(int id, Mutant m, String file, Roadmap original, List<String> originalHashes, List<String> originalLines,
                      Check check, boolean follow, UnaryOperator<Roadmap> rebase) {
        long t0 = System.nanoTime();
        String diff = UnifiedDiff.diff("a/" + relative(file), "b/" + relative(file) + " (mutant " + id + ")", originalLines, List.of(m.text().split("\n", -1)));
        Roadmap mut;
        try {
            mut = rebase.apply(RoadmapLoader.parse(file, m.text().getBytes(StandardCharsets.UTF_8)));
        } catch (InputException e) {
            return result(id, m, Fate.INVALID, null, e.getMessage(), false, null, diff, 0, t0);
        } catch (RuntimeException e) {
            return result(id, m, Fate.CRASHED, null, "loading: " + e, false, null, diff, 0, t0);
        }
        List<State> states;
        try {
            states = mut.states();
        } catch (RuntimeException e) {
            return result(id, m, Fate.CRASHED, null, "folding: " + e, false, null, diff, 0, t0);
        }
        if (states.stream().map(State::contentHash).toList().equals(originalHashes))
            return result(id, m, Fate.NOOP, null, null, true, "no-op where it stood: every state is the roadmap's own", diff, 0, t0);
        int end = states.size() - 1;
        if (!follow) {
            int last = 0;
            for (String w : m.window()) last = Math.max(last, indexOf(mut, w));
            end = Math.min(end, Math.max(last, 0));
        }
        int verified = 0;
        for (int k = 0; k <= end; k++) {
            Verdict v;
            try {
                v = check.verify(mut, states.get(k));
            } catch (RuntimeException e) {
                return result(id, m, Fate.CRASHED, states.get(k).stepId(), e.toString(), false, null, diff, verified, t0);
            }
            verified++;
            if (!v.ok()) {
                String at = v.stepId();
                String why = v.failure() + (v.failureAt() == null ? "" : " (" + v.failureAt() + ")");
                if (m.window().contains(at)) {
                    String note = m.operator().equals("remove-step") && !requires(original, at, m.step())
                            ? at + " needs " + m.step() + " but does not require it" : null;
                    return result(id, m, Fate.KILLED, at, why, false, note, null, verified, t0);
                }
                return result(id, m, Fate.WRONG_STEP, at, why, false, null, diff, verified, t0);
            }
        }
        String reason;
        try {
            reason = m.equivalence().apply(original, mut);
        } catch (RuntimeException e) {
            reason = null;
        }
        return result(id, m, Fate.SURVIVED, null, null, reason != null, reason, diff, verified, t0);
    }

    /** Whether {@code step} requires {@code need} in the original roadmap, directly or through its requires. */
    static boolean requires(Roadmap original, String step, String need) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> todo = new ArrayList<>(List.of(step));
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            for (String r : original.step(id).map(memdesc.steps.Step::requiredIds).orElse(List.of()))
                if (seen.add(r)) todo.add(r);
        }
        return seen.contains(need);
    }

    private static int indexOf(Roadmap r, String stepId) {
        if (stepId.equals(State.BASELINE)) return 0;
        return r.step(stepId).map(s -> s.number()).orElse(-1);
    }

    private static Result result(int id, Mutant m, Fate fate, String at, String failure, boolean eq, String why, String diff,
                                 int verified, long t0) {
        return new Result(id, m.operator(), m.step(), m.description(), m.window(), m.windowSays(), fate, at, failure, eq, why,
                diff, verified, ms(t0));
    }

    /**
     * At most {@code max} mutants: each operator's mutants shuffled by the seed, then taken round-robin
     * over operators (so every operator is represented), and put back in generation order.
     */
    static List<Mutant> sample(List<Mutant> all, int max, long seed) {
        if (max <= 0 || all.size() <= max) return all;
        Map<String, List<Integer>> byOp = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) byOp.computeIfAbsent(all.get(i).operator(), k -> new ArrayList<>()).add(i);
        Random rnd = new Random(seed);
        for (List<Integer> ids : byOp.values()) Collections.shuffle(ids, rnd);
        List<Integer> pick = new ArrayList<>();
        for (int round = 0; pick.size() < max; round++)
            for (List<Integer> ids : byOp.values())
                if (round < ids.size() && pick.size() < max) pick.add(ids.get(round));
        Collections.sort(pick);
        return pick.stream().map(all::get).toList();
    }

    // ------------------------------------------------------------------ the last score, for reports

    /** What {@code memdesc report} shows of the last run on a roadmap text. */
    public record Score(int mutants, int killed, int scored, int equivalent, int invalid, double score, long seed,
                        long machineBytes, long millis) {}

    /** Keeps the score of a full run (no --operator filter) beside the verdict cache, keyed by the roadmap's text. */
    public static void remember(VerdictCache cache, String text, Report r, long machineBytes) {
        if (cache == null || r.originalFailure() != null) return;
        Properties p = new Properties();
        p.setProperty("mutants", Integer.toString(r.results().size()));
        p.setProperty("killed", Integer.toString(r.killed()));
        p.setProperty("scored", Integer.toString(r.scored()));
        p.setProperty("equivalent", Integer.toString(r.equivalent()));
        p.setProperty("invalid", Integer.toString(r.invalid()));
        p.setProperty("score", Double.toString(r.score()));
        p.setProperty("seed", Long.toString(r.seed()));
        p.setProperty("millis", Long.toString(r.millis()));
        p.setProperty("machine", Long.toString(machineBytes));
        Path f = scoreFile(cache, text);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "memdesc mutate");
            }
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // the score is a convenience for reports; the run's output stands without it
        }
    }

    /** The score kept by the last full run on exactly this roadmap text, if any. */
    public static Optional<Score> remembered(VerdictCache cache, String text) {
        if (cache == null) return Optional.empty();
        Path f = scoreFile(cache, text);
        if (!Files.isRegularFile(f)) return Optional.empty();
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new Score(Integer.parseInt(p.getProperty("mutants")), Integer.parseInt(p.getProperty("killed")),
                    Integer.parseInt(p.getProperty("scored")), Integer.parseInt(p.getProperty("equivalent")),
                    Integer.parseInt(p.getProperty("invalid")), Double.parseDouble(p.getProperty("score")),
                    Long.parseLong(p.getProperty("seed")), Long.parseLong(p.getProperty("machine")),
                    Long.parseLong(p.getProperty("millis"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path scoreFile(VerdictCache cache, String text) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            String h = java.util.HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
            return cache.dir().resolve("mutate").resolve(h + ".score");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result get(Future<Result> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** CPU time of the whole process (every thread, the JIT and GC included). */
    static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
    }
}
