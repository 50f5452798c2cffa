package memdesc.scenario;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.Layouts;
import memdesc.memory.Placement;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the seeded scenarios that drive every user of the model on one state: {@link #run}. Each scenario
 * is a class of its own behind {@link Scenario}, registered by name in {@link Registry} (the page-cache
 * scenario is PageCacheScenario.java). Each builds its population, checks the invariants while it is
 * alive, records observable results (never PFNs or addresses, which legitimately differ between states)
 * in its trace, and frees everything, after which the machine must be as it was after boot; its trace
 * ends with the census read back from simulated memory.
 */
public final class Scenarios {
    private Scenarios() {}

    public static final long DEFAULT_BYTES = 4L << 30;

    /** Scenario names in run order. */
    public static List<String> names() {
        return Registry.names();
    }

    /** The users a scenario needs (it is skipped when one is disabled). */
    public static List<String> usersOf(String scenario) {
        Scenario d = Registry.get(scenario);
        return d == null ? List.of() : d.users();
    }

    /** A default machine of {@code bytes} ({@link Placement#of}): the model's size rules are checked. */
    public static RunResult run(State state, long bytes, long seed, List<String> names) {
        return run(state, Machine.placementOf(bytes), seed, names);
    }

    public static RunResult run(State state, long bytes, long seed, List<String> names, boolean shadow) {
        return run(state, Machine.placementOf(bytes), seed, names, shadow);
    }

    public static RunResult run(State state, long bytes, long seed, List<String> names, boolean shadow, Executor spare) {
        return run(state, Machine.placementOf(bytes), seed, names, shadow, spare);
    }

    public static RunResult run(State state, Layouts layouts, long bytes, long seed, List<String> names, boolean shadow) {
        return run(state, layouts, Machine.placementOf(bytes), seed, names, shadow);
    }

    /** Runs on {@code state} laid out by the C layout engine, without the (slow) type-confusion checker. */
    public static RunResult run(State state, Placement machine, long seed, List<String> names) {
        return run(state, machine, seed, names, false);
    }

    public static RunResult run(State state, Placement machine, long seed, List<String> names, boolean shadow) {
        return run(state, machine, seed, names, shadow, null);
    }

    /** As {@link #run(State, long, long, List, boolean)}, with a spare worker (see {@link #run(State, Layouts, long, long, List, boolean, Executor)}). */
    public static RunResult run(State state, Placement machine, long seed, List<String> names, boolean shadow, Executor spare) {
        Layouts l;
        try {
            l = memdesc.model.StateLayouts.of(state);
        } catch (RuntimeException | StackOverflowError f) {
            RunResult.Failure fail = f instanceof ModelFailure ? new RunResult.Failure("boot", null, null, -1, f.getMessage())
                    : crash("boot", f, -1);
            return new RunResult(state.stepId(), machine.bytes(), seed, 0,
                    List.of(new RunResult.ScenarioResult("boot", RunResult.Status.FAIL, 0, List.of(), 0, 0, 0, fail.describe())),
                    fail, Map.of(), Map.of());
        }
        return run(state, l, machine, seed, names, shadow, spare);
    }

    public static RunResult run(State state, Layouts layouts, Placement machine, long seed, List<String> names, boolean shadow) {
        return run(state, layouts, machine, seed, names, shadow, null);
    }

    /**
     * The scenarios that run on a machine of their own, booted for them. free_all allocates and frees every
     * page of the machine, about half of a state's time, and the others need nothing it leaves behind; on a
     * machine of its own it can run beside the rest. Which scenario runs on which machine is fixed, so the
     * traces are the same whether or not the two run at once.
     */
    private static final Set<String> OWN_MACHINE = Set.of("free_all");

    /**
     * The type-confusion checker is not run on the machine of {@link #OWN_MACHINE}: free_all makes only
     * the buddy allocator's accesses, which churn makes too under the checker, and checking its two
     * million operations doubled a state's time (too slow for check, which runs the checker on every state).
     */
    private static final boolean SHADOW_OWN = false;

    /**
     * Builds the machine for {@code state} with {@code layouts}, runs the named scenarios (all when
     * {@code names} is empty) with {@code seed}, and returns their traces and figures. Never throws for a
     * failing state: the failure is in the result. {@code shadow} turns on the type-confusion checker.
     * The scenarios of {@link #OWN_MACHINE} run on a second machine: as a task of {@code spare} when it is
     * given (an idle worker takes it), else, or if no worker has taken it by the time the rest are done,
     * on this thread. The results are the same either way.
     */
    public static RunResult run(State state, Layouts layouts, Placement machine, long seed, List<String> names, boolean shadow,
                                Executor spare) {
        for (String n : names)
            if (Registry.get(n) == null)
                throw new memdesc.steps.InputException("memdesc: no scenario '" + n + "'" + memdesc.steps.Names.didYouMean(n, Registry.names())
                        + " (scenarios: " + String.join(", ", Registry.names()) + ")");
        List<Scenario> main = new ArrayList<>(), own = new ArrayList<>();
        for (Scenario d : Registry.ALL) {
            if (d.name().equals("boot") || (!names.isEmpty() && !names.contains(d.name()))) continue;
            (OWN_MACHINE.contains(d.name()) ? own : main).add(d);
        }
        if (own.isEmpty()) return runOn(state, layouts, machine, seed, main, shadow, true).result(state, machine, seed, names.isEmpty());
        FutureTask<Part> side = new FutureTask<>(() -> runOn(state, layouts, machine, seed, own, shadow && SHADOW_OWN, false));
        if (spare != null) {
            try {
                spare.execute(side);
            } catch (RejectedExecutionException e) {
                // no worker to spare: it runs here
            }
        }
        Part first = runOn(state, layouts, machine, seed, main, shadow, true);
        side.run();                        // a no-op when a worker has run it or is running it
        Part second;
        try {
            second = side.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
        return first.merge(second).result(state, machine, seed, names.isEmpty());
    }

    /** What one machine's run produced, before the machines' results are put together. */
    private record Part(long memmap, List<RunResult.ScenarioResult> results, RunResult.Failure failure,
                        Map<String, Set<String>> unexercised, Map<String, Set<String>> exercised, Map<String, Long> calls) {
        /**
         * Both machines' results in run order; the failure that comes first in that order (a boot failure
         * once); a declared access is unexercised only if neither machine exercised it.
         */
        Part merge(Part o) {
            List<String> order = names();
            boolean bootFailed = failure != null && failure.scenario().equals("boot");   // then it failed on both
            List<RunResult.ScenarioResult> all = new ArrayList<>(results);
            for (RunResult.ScenarioResult r : o.results) if (!(bootFailed && r.name().equals("boot"))) all.add(r);
            all.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.name())));
            RunResult.Failure f = failure == null ? o.failure
                    : o.failure == null || order.indexOf(failure.scenario()) <= order.indexOf(o.failure.scenario()) ? failure : o.failure;
            Map<String, Set<String>> ex = new TreeMap<>(exercised), unex = new TreeMap<>(unexercised);
            o.exercised.forEach((u, fs) -> ex.merge(u, fs, (a, b) -> {
                Set<String> both = new java.util.TreeSet<>(a);
                both.addAll(b);
                return both;
            }));
            o.unexercised.forEach((u, fs) -> unex.merge(u, fs, (a, b) -> {
                Set<String> both = new LinkedHashSet<>(a);
                both.retainAll(b);
                return both;
            }));
            Map<String, Long> c = new java.util.LinkedHashMap<>(calls);
            o.calls.forEach((h, n) -> c.merge(h, n, Long::sum));
            return new Part(Math.max(memmap, o.memmap), all, f, unex, ex, c);
        }

        /**
         * With every scenario run and none skipped, a declared access no scenario made, or a helper whose
         * regime no scenario called, fails the run: what the state selects must be exercised to be verified.
         */
        RunResult result(State state, Placement machine, long seed, boolean all) {
            RunResult.Failure f = failure;
            List<RunResult.ScenarioResult> rs = results;
            if (f == null && all && results.stream().noneMatch(r -> r.status() == RunResult.Status.SKIPPED)) {
                String why = null;
                // A member some user declares and no user at all exercised: nothing in the run would notice
                // its loss. (One user's stale declaration of a member others exercise is not flagged: a
                // step alone, in an independent phase, can leave one; see docs/verdict-coverage.md.)
                Set<String> anyone = new java.util.HashSet<>();
                exercised.values().forEach(anyone::addAll);
                for (Map.Entry<String, Set<String>> e : unexercised.entrySet())
                    for (String d : e.getValue())
                        if (why == null && anyone.stream().noneMatch(x -> x.equals(d) || x.startsWith(d + ".")))
                            why = "user '" + e.getKey() + "' declares " + d + " but no scenario exercised it, through any user";
                for (Map.Entry<String, Long> e : calls.entrySet())
                    if (why == null && e.getValue() == 0)
                        why = "helper " + e.getKey() + "() (regime " + state.helper(helperKey(e.getKey()), "default")
                                + ") was called by no scenario: the state's regime is unverified";
                if (why != null) {
                    f = new RunResult.Failure("coverage", null, null, -1, why);
                    rs = new ArrayList<>(results);
                    rs.add(new RunResult.ScenarioResult("coverage", RunResult.Status.FAIL, 0, List.of(), 0, memmap, 0, f.describe()));
                }
            }
            return new RunResult(state.stepId(), machine.bytes(), seed, memmap, rs, f, unexercised, exercised);
        }
    }

    /** Boots one machine and runs {@code defs} on it in order, stopping at the first failure. */
    private static Part runOn(State state, Layouts layouts, Placement machine, long seed, List<Scenario> defs, boolean shadow, boolean reportBoot) {
        List<RunResult.ScenarioResult> out = new ArrayList<>();
        RunResult.Failure failure = null;
        Kernel k = null;
        Machine m = null;
        long memmap = 0;
        String current = "boot";
        try {
            m = new Machine(state, layouts, machine, shadow);
            memmap = m.memmapBytes();
            long t0 = System.nanoTime();
            k = new Kernel(m);
            RunResult.ScenarioResult boot = bootResult(k, System.nanoTime() - t0);
            if (reportBoot) out.add(boot);
            for (Scenario d : defs) {
                current = d.name();
                String missing = null;
                for (String u : d.users()) if (!state.enabled(u)) missing = u;
                if (missing != null) {
                    out.add(new RunResult.ScenarioResult(d.name(), RunResult.Status.SKIPPED, 0, List.of(), 0, memmap, 0,
                            "user " + missing + (state.users().containsKey(missing) ? " is disabled" : " is not in this state")));
                    continue;
                }
                List<String> trace = new ArrayList<>();
                long s0 = System.nanoTime();
                long seedFor = seed * 0x9E3779B97F4A7C15L + d.name().hashCode();
                long ops = d.run(k, new SplittableRandom(seedFor), trace);
                // the scenario's observable result is what memory says at its peaks, and after it
                trace.addAll(k.censusLines);
                k.censusLines.clear();
                trace.add("census at the end");
                trace.addAll(k.census());
                long peakDesc = k.m.descriptorBytes();
                k.checkClean(d.name());
                long ns = System.nanoTime() - s0;
                out.add(new RunResult.ScenarioResult(d.name(), RunResult.Status.PASS, ops, trace, ns, memmap,
                        Math.max(peakDesc, k.peakDescriptorBytes), ""));
                k.peakDescriptorBytes = 0;
            }
        } catch (ModelFailure f) {
            if (Boolean.getBoolean("memdesc.debug")) f.printStackTrace();
            f.inScenario(current);
            failure = new RunResult.Failure(current, f.user(), f.member(), m == null ? f.pfn() : m.shownPfn(f.pfn()), f.getMessage());
        } catch (PhysMem.MemFault f) {
            if (Boolean.getBoolean("memdesc.debug")) new RuntimeException(f).printStackTrace();
            failure = new RunResult.Failure(current, null, null, m == null ? -1 : m.shownPfn(m.pfnOfAddress(f.address())), "oops: " + f.getMessage());
        } catch (RuntimeException | StackOverflowError f) {
            // the model's own code broke on this state: that is the state's verdict, never a crash of the tool
            if (Boolean.getBoolean("memdesc.debug")) f.printStackTrace();
            failure = crash(current, f, m == null ? -1 : m.shownPfn(m.lastPfn()));
        }
        if (failure != null)
            out.add(new RunResult.ScenarioResult(failure.scenario(), RunResult.Status.FAIL, 0, List.of(), 0, memmap, 0, failure.describe()));
        Map<String, Set<String>> unex = new TreeMap<>(), ex = new TreeMap<>();
        Map<String, Long> calls = new java.util.LinkedHashMap<>();
        if (m != null) {
            if (failure == null) calls.putAll(m.helpers.calls());
            memdesc.model.Coverage cov = memdesc.model.Coverage.currentFor(m);
            if (cov != null) cov.members(m);
            for (Map.Entry<String, Binding> e : m.bindings().entrySet()) {
                unex.put(e.getKey(), e.getValue().unexercised());
                ex.put(e.getKey(), e.getValue().exercised());
            }
            m.release();
        }
        return new Part(memmap, out, failure, unex, ex, calls);
    }

    /** The helper whose regime the roadmap sets under this name (put_page follows get_page, and so on). */
    private static String helperKey(String helper) {
        return switch (helper) {
            case "put_page" -> "get_page";
            case "unlock_page" -> "lock_page";
            case "page_to_nid" -> "page_zone";
            default -> helper;
        };
    }

    /**
     * An exception the model's code raised on a state (a null descriptor, an index out of range, an
     * overflow): the failure names the scenario, the user whose code raised it (from the package of the
     * innermost model frame: memdesc.mlock is user mlock), the PFN last looked up, and where.
     */
    static RunResult.Failure crash(String scenario, Throwable t, long pfn) {
        String user = null, where = "";
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (!c.startsWith("memdesc.")) continue;
            if (where.isEmpty()) where = " at " + c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + ":" + e.getLineNumber();
            String pkg = c.substring("memdesc.".length(), c.lastIndexOf('.'));
            String u = switch (pkg) {
                case "model", "memory", "scenario", "layout" -> null;
                case "lru" -> c.endsWith("ReleasePages") ? "release_pages" : "lru";
                case "kmalloc" -> "kmalloc_large";
                case "failure" -> "memory_failure";
                case "migrate" -> "compaction";
                case "pagepool" -> "page_pool";
                case "bufferhead" -> "buffer_head";
                case "pagecache" -> "pagecache";
                case "drivers" -> "drivers_private";
                default -> pkg;
            };
            if (u != null) {
                user = u;
                break;
            }
        }
        String what = t instanceof IllegalArgumentException && t.getMessage() != null ? t.getMessage()
                : "the model raised " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")") + where;
        return new RunResult.Failure(scenario, user, null, pfn, what);
    }

    private static RunResult.ScenarioResult bootResult(Kernel k, long ns) {
        k.check();
        List<String> t = new ArrayList<>();
        t.add("free pages = frames - memmap: " + (k.buddy.freePages() == k.m.frames - k.m.memmapFrames));
        return new RunResult.ScenarioResult("boot", RunResult.Status.PASS, k.m.frames, t, ns, k.m.memmapBytes(), k.m.descriptorBytes(), "");
    }
}
