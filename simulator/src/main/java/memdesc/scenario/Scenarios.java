package memdesc.scenario;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.Layouts;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pgtable.PageTables;
import memdesc.rmap.Rmap;
import memdesc.slab.Slab;
import memdesc.steps.State;
import memdesc.vmalloc.Vmalloc;

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
 * The seeded scenarios that drive every user of the model, and the entry point that runs them on one
 * state: {@link #run}. Each scenario builds its population, checks the invariants while it is alive,
 * records observable results (never PFNs or addresses, which legitimately differ between states) in
 * its trace, and frees everything, after which the machine must be as it was after boot.
 */
public final class Scenarios {
    private Scenarios() {}

    public static final long DEFAULT_BYTES = 4L << 30;

    interface Body {
        long run(Kernel k, SplittableRandom r, List<String> t);
    }

    private record Def(String name, List<String> users, Body body) {}

    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    private static void def(String name, List<String> users, Body body) {
        DEFS.put(name, new Def(name, users, body));
    }

    /** Scenario names in run order. */
    public static List<String> names() {
        return List.copyOf(DEFS.keySet());
    }

    /** The users a scenario needs (it is skipped when one is disabled). */
    public static List<String> usersOf(String scenario) {
        Def d = DEFS.get(scenario);
        return d == null ? List.of() : d.users();
    }

    /** Runs on {@code state} laid out by the C layout engine, without the (slow) type-confusion checker. */
    public static RunResult run(State state, long bytes, long seed, List<String> names) {
        return run(state, bytes, seed, names, false);
    }

    public static RunResult run(State state, long bytes, long seed, List<String> names, boolean shadow) {
        return run(state, bytes, seed, names, shadow, null);
    }

    /** As {@link #run(State, long, long, List, boolean)}, with a spare worker (see {@link #run(State, Layouts, long, long, List, boolean, Executor)}). */
    public static RunResult run(State state, long bytes, long seed, List<String> names, boolean shadow, Executor spare) {
        Layouts l;
        try {
            l = memdesc.model.StateLayouts.of(state);
        } catch (RuntimeException | StackOverflowError f) {
            RunResult.Failure fail = f instanceof ModelFailure ? new RunResult.Failure("boot", null, null, -1, f.getMessage())
                    : crash("boot", f, -1);
            return new RunResult(state.stepId(), bytes, seed, 0,
                    List.of(new RunResult.ScenarioResult("boot", RunResult.Status.FAIL, 0, List.of(), 0, 0, 0, fail.describe())),
                    fail, Map.of(), Map.of());
        }
        return run(state, l, bytes, seed, names, shadow, spare);
    }

    public static RunResult run(State state, Layouts layouts, long bytes, long seed, List<String> names, boolean shadow) {
        return run(state, layouts, bytes, seed, names, shadow, null);
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
    public static RunResult run(State state, Layouts layouts, long bytes, long seed, List<String> names, boolean shadow,
                                Executor spare) {
        for (String n : names)
            if (!DEFS.containsKey(n))
                throw new memdesc.steps.InputException("memdesc: no scenario '" + n + "'" + memdesc.steps.Names.didYouMean(n, DEFS.keySet())
                        + " (scenarios: " + String.join(", ", DEFS.keySet()) + ")");
        List<Def> main = new ArrayList<>(), own = new ArrayList<>();
        for (Def d : DEFS.values()) {
            if (d.name().equals("boot") || (!names.isEmpty() && !names.contains(d.name()))) continue;
            (OWN_MACHINE.contains(d.name()) ? own : main).add(d);
        }
        if (own.isEmpty()) return runOn(state, layouts, bytes, seed, main, shadow, true).result(state, bytes, seed, names.isEmpty());
        FutureTask<Part> side = new FutureTask<>(() -> runOn(state, layouts, bytes, seed, own, shadow && SHADOW_OWN, false));
        if (spare != null) {
            try {
                spare.execute(side);
            } catch (RejectedExecutionException e) {
                // no worker to spare: it runs here
            }
        }
        Part first = runOn(state, layouts, bytes, seed, main, shadow, true);
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
        return first.merge(second).result(state, bytes, seed, names.isEmpty());
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
        RunResult result(State state, long bytes, long seed, boolean all) {
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
            return new RunResult(state.stepId(), bytes, seed, memmap, rs, f, unexercised, exercised);
        }
    }

    /** Boots one machine and runs {@code defs} on it in order, stopping at the first failure. */
    private static Part runOn(State state, Layouts layouts, long bytes, long seed, List<Def> defs, boolean shadow, boolean reportBoot) {
        List<RunResult.ScenarioResult> out = new ArrayList<>();
        RunResult.Failure failure = null;
        Kernel k = null;
        Machine m = null;
        long memmap = 0;
        String current = "boot";
        try {
            m = new Machine(state, layouts, bytes, shadow);
            memmap = m.memmapBytes();
            long t0 = System.nanoTime();
            k = new Kernel(m);
            RunResult.ScenarioResult boot = bootResult(k, System.nanoTime() - t0);
            if (reportBoot) out.add(boot);
            for (Def d : defs) {
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
                long ops = d.body().run(k, new SplittableRandom(seedFor), trace);
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
            failure = new RunResult.Failure(current, f.user(), f.member(), f.pfn(), f.getMessage());
        } catch (PhysMem.MemFault f) {
            if (Boolean.getBoolean("memdesc.debug")) new RuntimeException(f).printStackTrace();
            failure = new RunResult.Failure(current, null, null, m == null ? -1 : m.pfnOfAddress(f.address()), "oops: " + f.getMessage());
        } catch (RuntimeException | StackOverflowError f) {
            // the model's own code broke on this state: that is the state's verdict, never a crash of the tool
            if (Boolean.getBoolean("memdesc.debug")) f.printStackTrace();
            failure = crash(current, f, m == null ? -1 : m.lastPfn());
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

    /** The invariants at a scenario's peak, noting the descriptor memory in use then. */
    static void peak(Kernel k) {
        k.peakDescriptorBytes = Math.max(k.peakDescriptorBytes, k.m.descriptorBytes());
        k.check();
        k.censusLines.add("census at peak " + (1 + k.censusLines.stream().filter(l -> l.startsWith("census at peak")).count()));
        k.censusLines.addAll(k.census());
    }

    private static RunResult.ScenarioResult bootResult(Kernel k, long ns) {
        k.check();
        List<String> t = new ArrayList<>();
        t.add("free pages = frames - memmap: " + (k.bootFree == k.m.frames - k.m.memmapFrames));
        t.add("fully merged: true");
        return new RunResult.ScenarioResult("boot", RunResult.Status.PASS, k.m.frames, t, ns, k.m.memmapBytes(), k.m.descriptorBytes(), "");
    }

    static {
        def("boot", List.of("buddy"), (k, r, t) -> 0);
        def("free_all", List.of("buddy"), Scenarios::freeAll);
        def("churn", List.of("buddy"), Scenarios::churn);
        def("slab", List.of("slab"), Scenarios::slab);
        def("pagecache", List.of("pagecache", "lru"), Scenarios::pagecache);
        def("lru", List.of("lru", "pagecache"), Scenarios::lru);
        def("mlock", List.of("mlock", "lru", "pagecache"), Scenarios::mlock);
        def("anon", List.of("rmap", "pgtable", "lru"), Scenarios::anon);
        def("pgtable", List.of("pgtable"), Scenarios::pgtable);
        def("kmalloc", List.of("kmalloc_large", "slab"), Scenarios::kmalloc);
        def("page_pool", List.of("page_pool"), Scenarios::pagePool);
        def("zsmalloc", List.of("zsmalloc", "slab"), Scenarios::zsmalloc);
        def("buffer_head", List.of("buffer_head", "pagecache"), Scenarios::bufferHeads);
        def("memcg", List.of("memcg", "pagecache", "kmalloc_large"), Scenarios::memcg);
        def("release_pages", List.of("release_pages", "pagecache"), Scenarios::releasePages);
        def("vmalloc", List.of("vmalloc", "kmalloc_large"), Scenarios::vmalloc);
        def("amdgpu", List.of("amdgpu"), Scenarios::amdgpu);
        def("drivers", List.of("drivers_private"), Scenarios::drivers);
        def("page_zone", List.of("page_zone", "buddy"), Scenarios::pageZone);
        def("helpers", List.of("pagecache", "slab", "pgtable", "zsmalloc", "page_pool", "kmalloc_large", "vmalloc"), HelperKinds::run);
        def("compaction", List.of("compaction", "pagecache", "rmap", "pgtable", "zsmalloc", "buffer_head"), Scenarios::compaction);
        def("memory_failure", List.of("memory_failure", "pagecache", "rmap", "pgtable", "slab", "kmalloc_large", "page_pool",
                "zsmalloc", "vmalloc", "memcg"), Scenarios::memoryFailure);
    }

    // ------------------------------------------------------------------ buddy

    /** Allocates every free page at order 0, frees them all, and checks the allocator merged back to boot's blocks. */
    private static long freeAll(Kernel k, SplittableRandom r, List<String> t) {
        long n = 0;
        long[] got = new long[(int) k.buddy.freePages() + 1];
        long p;
        while ((p = k.buddy.allocPages(0)) >= 0) got[(int) n++] = p;
        t.add("allocated every free page: " + (n == k.bootFree - k.m.count(Owner.HWPOISON)));
        t.add("then allocation fails: true");
        for (long i = n - 1; i >= 0; i--) k.buddy.freePages(got[(int) i], 0);
        k.check();
        t.add("merged back to boot's blocks: " + java.util.Arrays.equals(k.buddy.freeBlocks(), k.bootBlocks));
        return 2 * n;
    }

    /** Random allocations and frees at every order 0..10, checking data written to each block survives. */
    private static long churn(Kernel k, SplittableRandom r, List<String> t) {
        int ops = 20000;
        List<long[]> live = new ArrayList<>();
        int[] allocated = new int[Machine.MAX_ORDER + 1];
        long sum = 0;
        long livePages = 0, cap = k.m.frames / 8;      // stays far from exhaustion in every state
        for (int i = 0; i < ops; i++) {
            int order = r.nextInt(100) < 70 ? r.nextInt(4) : 4 + r.nextInt(Machine.MAX_ORDER - 3);
            if (live.isEmpty() || (r.nextInt(100) < 55 && livePages + (1L << order) <= cap)) {
                long pfn = k.buddy.allocPages(order);
                if (pfn < 0) throw ModelFailure.of("churn: order-" + order + " allocation failed with " + livePages + " pages live");
                livePages += 1L << order;
                if ((pfn & ((1L << order) - 1)) != 0) throw ModelFailure.of("order-" + order + " block at unaligned pfn " + pfn);
                allocated[order]++;
                live.add(new long[] {pfn, order, r.nextLong()});
            } else {
                long[] b = live.remove(r.nextInt(live.size()));
                livePages -= 1L << b[1];
                k.buddy.freePages(b[0], (int) b[1]);
                sum += b[2] & 0xffff;
            }
            if (i == ops / 2) peak(k);
        }
        for (long[] b : live) k.buddy.freePages(b[0], (int) b[1]);
        t.add("allocations per order: " + java.util.Arrays.toString(allocated));
        t.add("freed " + live.size() + " at the end, checksum " + sum);
        k.check();
        t.add("merged back to boot's blocks: " + java.util.Arrays.equals(k.buddy.freeBlocks(), k.bootBlocks));
        return ops;
    }

    // ------------------------------------------------------------------ slab

    private static long slab(Kernel k, SplittableRandom r, List<String> t) {
        Slab.Cache[] caches = {k.slab.kmallocCache(64), k.slab.kmallocCache(256), k.slab.kmallocCache(1024),
                k.slab.create("dentry", 192, false), k.slab.create("task_struct", 3328, false)};
        List<long[]> live = new ArrayList<>();
        long ops = 0, sum = 0;
        int[] per = new int[caches.length];
        for (int i = 0; i < 30000; i++) {
            if (live.isEmpty() || r.nextInt(100) < 60) {
                int c = r.nextInt(caches.length);
                long obj = k.slab.alloc(caches[c], 0);
                long v = r.nextLong();
                k.m.mem.write64(obj + 8, v);
                live.add(new long[] {obj, c, v});
                per[c]++;
            } else {
                long[] o = live.remove(r.nextInt(live.size()));
                if (k.m.mem.read64(o[0] + 8) != o[2]) throw ModelFailure.of("slab object of " + caches[(int) o[1]].name() + " lost its data");
                if (k.slab.cacheOf(o[0]) != caches[(int) o[1]]) throw ModelFailure.of("kfree would find the wrong cache for an object");
                k.slab.free(o[0]);
                sum += o[2] & 0xff;
            }
            ops++;
            if (i == 15000) peak(k);
        }
        t.add("objects allocated per cache: " + java.util.Arrays.toString(per));
        t.add("live at end: " + live.size() + ", checksum " + sum);
        for (long[] o : live) k.slab.free(o[0]);
        for (Slab.Cache c : caches) if (c.inuse() != 0 || c.slabs() != 0) throw ModelFailure.of("cache " + c.name() + " not empty");
        t.add("caches empty: true");
        return ops + live.size();
    }

    // ------------------------------------------------------------------ page cache, LRU, mlock

    private static int randomOrder(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 50 ? 0 : x < 70 ? 1 + r.nextInt(2) : x < 90 ? 3 + r.nextInt(3) : 6 + r.nextInt(4);
    }

    /** Fills files with folios of orders 0-9 at aligned indexes; returns {as, next index} per file. */
    private static long[][] fill(Kernel k, SplittableRandom r, int files, int foliosPer, int[] perOrder) {
        long[][] fs = new long[files][];
        for (int f = 0; f < files; f++) {
            long as = k.pc.newMapping(k.group(1 + f % 2));
            long idx = 0;
            for (int i = 0; i < foliosPer; i++) {
                int order = randomOrder(r);
                idx = (idx + (1L << order) - 1) & -(1L << order);
                if (k.pc.add(as, idx, order, k.group(1 + f % 2)) == 0) throw ModelFailure.of("page cache: out of memory");
                if (perOrder != null) perOrder[order]++;
                idx += 1L << order;
            }
            fs[f] = new long[] {as, idx};
        }
        return fs;
    }

    private static long pagecache(Kernel k, SplittableRandom r, List<String> t) {
        int[] perOrder = new int[10];
        long[][] files = fill(k, r, 3, 60, perOrder);
        t.add("folios per order: " + java.util.Arrays.toString(perOrder));
        long ops = 180;
        long hits = 0, sum = 0;
        for (long[] f : files)
            for (long i = 0; i < f[1]; i += 1 + r.nextInt(7)) {
                long v = k.pc.lookup(f[0], i);
                if (v != -1) {
                    hits++;
                    sum += v & 0xffff;
                }
                ops++;
            }
        t.add("lookups hit " + hits + ", checksum " + sum);
        peak(k);
        int truncated = k.pc.truncate(files[0][0], files[0][1] / 2);
        t.add("truncate half of file 0: " + truncated + " folios");
        long after = k.pc.lookup(files[0][0], files[0][1] - 1);
        t.add("lookup past truncation: " + (after == -1 ? "miss" : "hit"));
        // eviction: reclaim from the inactive file list
        long[] victims = k.lru.isolateForReclaim(true, 40);
        long evictedPages = 0;
        for (long v : victims) {
            evictedPages += k.folios.nrPages(v);
            k.pc.remove(v, true);
        }
        t.add("reclaimed " + victims.length + " folios, " + evictedPages + " pages");
        long left = 0;
        for (long[] f : files) left += k.pc.pagesOf(f[0]);
        t.add("pages still cached: " + left);
        peak(k);
        for (long[] f : files) k.pc.deleteMapping(f[0]);
        return ops + victims.length + truncated;
    }

    private static long lru(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        long[] fs = new long[200];
        for (int i = 0; i < fs.length; i++) fs[i] = k.pc.add(as, i, 0, k.group(1));
        int activated = 0, rotated = 0;
        for (int i = 0; i < 300; i++) {
            long f = fs[r.nextInt(fs.length)];
            switch (r.nextInt(3)) {
                case 0 -> {
                    k.lru.activate(f);
                    activated++;
                }
                case 1 -> {
                    if (!isActive(k, f)) {
                        k.lru.rotate(f);
                        rotated++;
                    }
                }
                default -> k.lru.markReferenced(f);
            }
        }
        t.add("inactive_file " + k.lru.pages(memdesc.lru.Lru.INACTIVE_FILE) + " active_file " + k.lru.pages(memdesc.lru.Lru.ACTIVE_FILE));
        peak(k);
        long[] victims = k.lru.isolateForReclaim(true, 50);
        StringBuilder order = new StringBuilder();
        for (long v : victims) {
            order.append(k.pc.indexOf(v)).append(' ');
            k.pc.remove(v, true);
        }
        t.add("reclaim order: " + order.toString().trim());
        t.add("after reclaim inactive_file " + k.lru.pages(memdesc.lru.Lru.INACTIVE_FILE) + " active_file " + k.lru.pages(memdesc.lru.Lru.ACTIVE_FILE));
        k.pc.deleteMapping(as);
        return 200 + 300 + victims.length;
    }

    private static boolean isActive(Kernel k, long folio) {
        for (long f : k.lru.folios(memdesc.lru.Lru.ACTIVE_FILE)) if (f == folio) return true;
        return false;
    }

    private static long mlock(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(2));
        long[] fs = new long[64];
        for (int i = 0; i < fs.length; i++) fs[i] = k.pc.add(as, i * 4L, 2, k.group(2));
        int locks = 0;
        for (int i = 0; i < 100; i++) {
            k.mlock.mlock(fs[r.nextInt(fs.length)]);
            locks++;
        }
        t.add("unevictable pages " + k.lru.pages(memdesc.lru.Lru.UNEVICTABLE));
        peak(k);
        long[] victims = k.lru.isolateForReclaim(true, 1000);
        t.add("reclaim skips mlocked: isolated " + victims.length);
        for (long v : victims) k.lru.add(v);
        int unl = 0;
        for (long f : fs)
            while (k.mlock.mlocked(f)) {
                k.mlock.munlock(f);
                unl++;
            }
        t.add("unevictable after munlock " + k.lru.pages(memdesc.lru.Lru.UNEVICTABLE));
        k.pc.deleteMapping(as);
        return 64 + locks + unl;
    }

    // ------------------------------------------------------------------ anon, page tables

    private static long anon(Kernel k, SplittableRandom r, List<String> t) {
        List<Rmap.Proc> procs = new ArrayList<>();
        long ops = 0;
        for (int p = 0; p < 4; p++) {
            Rmap.Proc pr = k.rmap.spawn(k.group(1 + p % 2));
            for (int i = 0; i < 512; i += 4) {
                if (r.nextInt(100) < 25) {
                    k.rmap.fault(pr, i, 2);           // an order-2 mTHP over four PTEs
                    ops++;
                    continue;
                }
                for (int j = i; j < i + 4; j++) if (r.nextInt(100) < 40) {
                    k.rmap.fault(pr, j);
                    ops++;
                }
            }
            procs.add(pr);
        }
        Rmap.Proc child = k.rmap.fork(procs.get(0));
        procs.add(child);
        t.add("mapped after fork: " + k.rmap.mapped(procs.get(0)) + " / " + k.rmap.mapped(child));
        int copies = 0, reuses = 0;
        for (int i = 0; i < 300; i++) {
            Rmap.Proc pr = r.nextBoolean() ? child : procs.get(0);
            int at = r.nextInt(512);
            if (k.rmap.read(pr, at) == 0) continue;
            if (k.rmap.writeFault(pr, at, r.nextLong())) copies++;
            else reuses++;
            ops++;
        }
        t.add("COW copies " + copies + ", reuses " + reuses);
        long sum = 0;
        for (Rmap.Proc pr : procs) for (int i = 0; i < 512; i++) sum += k.rmap.read(pr, i) & 0xffff;
        t.add("data checksum " + sum);
        peak(k);
        for (Rmap.Proc pr : procs) k.rmap.exit(pr);
        return ops;
    }

    private static long pgtable(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> tables = new ArrayList<>();
        long mm = k.pt.newMm(k.memcg == null ? 0 : k.memcg.objcg(1));
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            long pfn = k.pt.alloc(mm);
            int e = r.nextInt(PageTables.PTRS);
            long pte = (long) r.nextInt(1 << 20) << 12 | 1;
            k.pt.set(pfn, e, pte);
            tables.add(new long[] {pfn, e, pte});
        }
        t.add("tables deposited on the mm: " + k.pt.tables(mm) + ", mms on pgd_list: " + k.pt.mms());
        peak(k);
        for (long[] x : tables) {
            if (k.pt.get(x[0], (int) x[1]) != x[2]) throw ModelFailure.of("PTE lost");
            if (k.pt.mmOf(x[0]) != mm) throw ModelFailure.of("ptdesc lost its mm");
            if (k.pt.memcgOf(x[0]) != (k.memcg == null ? 0 : k.memcg.objcg(1))) throw ModelFailure.of("ptdesc lost its memcg");
            sum += x[2] >>> 12 & 0xff;
            k.pt.set(x[0], (int) x[1], 0);
            k.pt.free(x[0]);
        }
        t.add("PTE checksum " + sum + ", tables left " + k.pt.tables(mm));
        k.pt.freeMm(mm);
        return 400;
    }

    // ------------------------------------------------------------------ kmalloc, page_pool, zsmalloc, buffer heads

    private static long kmalloc(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> live = new ArrayList<>();
        int large = 0, small = 0;
        for (int i = 0; i < 400; i++) {
            long size = r.nextBoolean() ? 8 + r.nextInt(4000) : 8192L << r.nextInt(8);
            long objcg = k.memcg != null && r.nextBoolean() ? k.memcg.objcg(1) : 0;
            long a = k.kmalloc.kmalloc(size, objcg);
            if (size > k.slab.kmallocMax()) large++;
            else small++;
            k.m.mem.write64(a, size);
            live.add(new long[] {a, size, objcg});
            if (live.size() > 60) {
                long[] x = live.remove(r.nextInt(live.size()));
                if (k.m.mem.read64(x[0]) != x[1]) throw ModelFailure.of("kmalloc data lost");
                long charged = k.kmalloc.kfree(x[0]);
                if (x[1] > k.slab.kmallocMax() && k.kmalloc.keepsObjcg() && charged != x[2]) throw ModelFailure.of("large kmalloc forgot its objcg");
            }
        }
        t.add("small " + small + ", large " + large + ", live large " + k.kmalloc.largeLive());
        peak(k);
        for (long[] x : live) k.kmalloc.kfree(x[0]);
        t.add("live large after kfree " + k.kmalloc.largeLive());
        return 400 + live.size();
    }

    private static long pagePool(Kernel k, SplittableRandom r, List<String> t) {
        List<Long> inflight = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            if (inflight.size() < 200 && (inflight.isEmpty() || r.nextInt(100) < 55)) {
                long d = k.pool.alloc();
                if (r.nextInt(4) == 0) {
                    k.pool.getRef(d);     // a second fragment
                    inflight.add(d);
                }
                inflight.add(d);
            } else {
                k.pool.put(inflight.remove(r.nextInt(inflight.size())));
            }
            if (i == 2500) peak(k);
        }
        for (long d : inflight) k.pool.put(d);
        t.add("from ring " + k.pool.fromRing() + ", from buddy " + k.pool.fromBuddy() + ", live " + k.pool.live());
        k.pool.drain();
        return 5000;
    }

    private static long zsmalloc(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long a = r.nextLong(), b = r.nextLong();
            live.add(new long[] {i % 50 == 0 ? k.zs.storeHuge(a, b) : k.zs.store(a, b), a, b});
        }
        peak(k);
        int bad = 0;
        for (int i = 0; i < 1500; i++) {
            long[] x = live.remove(r.nextInt(live.size()));
            k.zs.free(x[0]);
        }
        for (long[] x : live) {
            long[] v = k.zs.load(x[0]);
            if (v[0] != x[1] || v[1] != x[2]) bad++;
        }
        t.add("stored 3000, freed 1500, loaded " + live.size() + ", corrupt " + bad);
        for (long[] x : live) k.zs.free(x[0]);
        t.add("live " + k.zs.live());
        return 3000 + 1500 + 2 * live.size();
    }

    private static long bufferHeads(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        long[] fs = new long[100];
        long blocks = 0;
        for (int i = 0; i < fs.length; i++) {
            fs[i] = k.pc.add(as, i, 0, k.group(1));
            int n = 1 << r.nextInt(4);
            k.bh.attach(fs[i], n, 1000L * i);
            blocks += n;
        }
        long sum = 0;
        for (long f : fs) sum += k.bh.walk(f)[1];
        t.add("buffers " + blocks + ", uptodate " + sum);
        peak(k);
        int freed = 0;
        for (long f : fs) freed += k.bh.detach(f);
        t.add("detached " + freed);
        k.pc.deleteMapping(as);
        return fs.length * 3L;
    }

    // ------------------------------------------------------------------ memcg, release_pages

    private static long memcg(Kernel k, SplittableRandom r, List<String> t) {
        long[] a = {k.pc.newMapping(1), k.pc.newMapping(2)};
        for (int f = 0; f < 2; f++)
            for (int i = 0; i < 50 + 30 * f; i++) k.pc.add(a[f], i * 2L, 1, 1 + f);
        List<long[]> pages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int g = 1 + r.nextInt(2), order = r.nextInt(3);
            pages.add(new long[] {k.memcg.allocAccounted(order, g), order, g});
        }
        Slab.Cache acc = k.slab.create("accounted_objs", 512, true);
        List<long[]> objs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int g = 1 + r.nextInt(2);
            long o = k.slab.alloc(acc, k.memcg.objcg(g));
            k.memcg.chargeKmem(k.memcg.objcg(g), acc.size());
            objs.add(new long[] {o, g});
        }
        for (long[] o : objs)
            if (k.slab.objcgOf(o[0]) != k.memcg.objcg((int) o[1])) throw new ModelFailure("memcg", "slab.obj_exts", k.m.pfnOfAddress(o[0]), "slab object charged to the wrong objcg");
        for (long[] p : pages)
            if (k.memcg.accountedObjcg(p[0]) != k.memcg.objcg((int) p[2])) throw new ModelFailure("memcg", null, p[0], "accounted page names the wrong objcg");
        for (int g = 1; g <= 2; g++) t.add("group " + k.memcg.name(g) + ": pages " + k.memcg.usagePages(g) + ", kmem " + k.memcg.kmemBytes(g));
        peak(k);
        for (long[] o : objs) k.memcg.unchargeKmem(k.slab.free(o[0]), acc.size());
        for (long[] p : pages) k.memcg.freeAccounted(p[0], (int) p[1]);
        for (long as : a) k.pc.deleteMapping(as);
        for (int g = 1; g <= 2; g++) t.add("group " + k.memcg.name(g) + " after uncharge: pages " + k.memcg.usagePages(g) + ", kmem " + k.memcg.kmemBytes(g));
        return 130 + 40 + 300;
    }

    private static long releasePages(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        int n = 124;
        long[] fs = new long[n];
        for (int i = 0; i < n; i++) {
            fs[i] = k.pc.add(as, i * 2L, r.nextInt(2), k.group(1));
            k.folios.get(fs[i]);           // a caller's reference, as a folio_batch or page array holds
        }
        peak(k);
        for (long f : fs) k.pc.remove(f, true);   // the cache drops its reference
        int viaBatch = 0, viaPages = 0;
        long fb = k.release.newBatch();
        for (int i = 0; i < n / 2; i++)
            if (k.release.add(fb, fs[i]) == 0) viaBatch += k.release.foliosPut(fb);
        viaBatch += k.release.foliosPut(fb);
        for (int b = n / 2; b < n; b += 31)
            viaPages += k.release.releasePageArray(java.util.Arrays.copyOfRange(fs, b, Math.min(n, b + 31)));
        t.add("folios_put freed " + viaBatch + ", release_pages on page arrays freed " + viaPages + " of " + n);
        k.pc.deleteMapping(as);
        return 2L * n;
    }

    // ------------------------------------------------------------------ vmalloc, drivers, page_zone

    private static long vmalloc(Kernel k, SplittableRandom r, List<String> t) {
        List<Vmalloc.Area> areas = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < 30; i++) areas.add(k.vmalloc.vmalloc(1 + r.nextInt(300), 1000L * i));
        peak(k);
        for (Vmalloc.Area a : areas) for (int i = 0; i < a.n(); i++) sum += k.vmalloc.read(a, i);
        t.add("areas " + areas.size() + ", data sum " + sum);
        for (Vmalloc.Area a : areas) k.vmalloc.vfree(a);
        return 60;
    }

    private static long amdgpu(Kernel k, SplittableRandom r, List<String> t) {
        long[] pfns = k.drivers.amdgpuPopulate(64 + r.nextInt(64));
        t.add("populated " + pfns.length + ", recognised " + k.drivers.amdgpuOwned(pfns));
        peak(k);
        k.drivers.amdgpuUnpopulate(pfns);
        return 2L * pfns.length;
    }

    private static long drivers(Kernel k, SplittableRandom r, List<String> t) {
        long[][] ps = new long[100][];
        for (int i = 0; i < ps.length; i++) {
            long c = r.nextLong();
            ps[i] = new long[] {k.drivers.privatePage(c), c};
        }
        peak(k);
        int ok = 0;
        for (long[] p : ps) {
            k.m.helpers.getPage(k.m.pageAddr(p[0]));    // the driver lends the page out and gets it back
            k.m.helpers.putPage(k.m.pageAddr(p[0]));
            if (k.drivers.cookie(p[0]) == p[1]) ok++;
        }
        t.add("cookies intact " + ok + " of " + ps.length);
        for (long[] p : ps) k.drivers.freePrivate(p[0]);
        return 300;
    }

    private static long pageZone(Kernel k, SplittableRandom r, List<String> t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            long pfn = r.nextLong(k.m.frames);
            Machine.Zone z = k.m.helpers.pageZone(k.m.pageAddr(pfn));
            b.append(z.name()).append('/').append(k.m.helpers.pageToNid(k.m.pageAddr(pfn))).append(' ');
        }
        t.add("zones of random pfns: " + b.toString().trim());
        long p = k.buddy.allocPages(0);
        t.add("zone of a fresh page: " + k.m.helpers.pageZone(k.m.pageAddr(p)).name());
        k.buddy.freePages(p, 0);
        return 18;
    }

    // ------------------------------------------------------------------ compaction, memory failure

    private static long compaction(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        int nf = 80;
        for (int i = 0; i < nf; i++) {
            long f = k.pc.add(as, i * 4L, r.nextInt(3), k.group(1));
            if (i % 3 == 0) k.bh.attach(f, 2, 500L * i);
        }
        Rmap.Proc p = k.rmap.spawn(k.group(2));
        for (int i = 0; i < 200; i++) k.rmap.fault(p, i);
        Rmap.Proc c = k.rmap.fork(p);
        List<long[]> objs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long a = r.nextLong();
            objs.add(new long[] {k.zs.store(a, ~a), a});
        }
        long before = 0;
        for (int i = 0; i < 200; i++) before += k.rmap.read(c, i) & 0xffff;
        peak(k);
        Compaction_ res = new Compaction_(k.compaction.compact(k.m.memmapFrames, k.m.frames));
        t.add("migrated " + res.r.folios() + " folios (" + res.r.pages() + " pages), " + res.r.zsPages() + " zsmalloc pages, "
                + res.r.ptes() + " PTEs updated");
        long after = 0;
        for (int i = 0; i < 200; i++) after += k.rmap.read(c, i) & 0xffff;
        int lookups = 0;
        for (int i = 0; i < nf; i++) if (k.pc.lookup(as, i * 4L) != -1) lookups++;
        int zok = 0;
        for (long[] o : objs) {
            long[] v = k.zs.load(o[0]);
            if (v[0] == o[1] && v[1] == ~o[1]) zok++;
        }
        int bhOk = 0;
        for (int i = 0; i < nf; i += 3) {
            long f = k.pc.find(as, i * 4L);
            if (k.bh.hasBuffers(f) && k.bh.walk(f)[0] == 2) bhOk++;
        }
        t.add("after migration: anon data intact " + (before == after) + ", file lookups " + lookups + ", zsmalloc intact " + zok
                + ", buffer heads intact " + bhOk);
        peak(k);
        for (long[] o : objs) k.zs.free(o[0]);
        k.rmap.exit(c);
        k.rmap.exit(p);
        for (int i = 0; i < nf; i += 3) {
            long f = k.pc.find(as, i * 4L);
            if (k.bh.hasBuffers(f)) k.bh.detach(f);
        }
        k.pc.deleteMapping(as);
        return res.r.folios() + res.r.zsPages() + 680;
    }

    private record Compaction_(memdesc.migrate.Compaction.Result r) {}

    /** Builds memory of every kind, then injects failures at seeded pages of each kind and records the verdicts. */
    private static long memoryFailure(Kernel k, SplittableRandom r, List<String> t) {
        Map<String, List<Long>> victims = new LinkedHashMap<>();
        // file and anon
        long as = k.pc.newMapping(1);
        List<Long> file = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int order = r.nextInt(4);
            long f = k.pc.add(as, i * 16L, order, 1);
            file.add(k.folios.pfn(f) + r.nextLong(1L << order));
        }
        Rmap.Proc p = k.rmap.spawn(2);
        List<Long> anon = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            k.rmap.fault(p, i);
            anon.add(k.rmap.pfnAt(p, i));
        }
        Rmap.Proc c = k.rmap.fork(p);
        // kernel memory of every kind
        List<Long> slabObjs = new ArrayList<>();
        for (int i = 0; i < 50; i++) slabObjs.add(k.slab.alloc(k.slab.kmallocCache(512), 0));
        long mm = k.pt.newMm(0);
        List<Long> tables = new ArrayList<>();
        for (int i = 0; i < 5; i++) tables.add(k.pt.alloc(mm));
        List<Long> large = new ArrayList<>();
        for (int i = 0; i < 5; i++) large.add(k.kmalloc.kmalloc(16384, 0));
        List<Long> pp = new ArrayList<>();
        for (int i = 0; i < 5; i++) pp.add(k.pool.alloc());
        List<Long> zh = new ArrayList<>();
        for (int i = 0; i < 40; i++) zh.add(k.zs.store(i, i));
        Vmalloc.Area va = k.vmalloc.vmalloc(8, 7);
        List<long[]> acc = new ArrayList<>();
        for (int i = 0; i < 5; i++) acc.add(new long[] {k.memcg.allocAccounted(0, 1), 0});
        long freeBlock = k.buddy.allocPages(3);
        k.buddy.freePages(freeBlock, 3);
        peak(k);

        victims.put("free", List.of(freeBlock + 1 + r.nextInt(7)));
        victims.put("file", List.of(file.get(r.nextInt(file.size())), file.get(r.nextInt(file.size()))));
        victims.put("anon", List.of(anon.get(r.nextInt(anon.size()))));
        victims.put("slab", List.of(k.m.mem.virtToPfn(slabObjs.get(r.nextInt(slabObjs.size())))));
        victims.put("pgtable", List.of(tables.get(r.nextInt(tables.size()))));
        victims.put("kmalloc", List.of(k.m.mem.virtToPfn(large.get(r.nextInt(large.size()))) + r.nextInt(4)));
        victims.put("page_pool", List.of(k.pool.pfnOf(pp.get(r.nextInt(pp.size())))));
        victims.put("vmalloc", List.of(k.m.pfn(k.m.mem.read64(va.pages() + 8L * r.nextInt(8)))));
        victims.put("accounted", List.of(acc.get(r.nextInt(acc.size()))[0]));
        victims.put("memmap", List.of(r.nextLong(k.m.memmapFrames)));
        long ops = 0;
        Set<Long> done = new LinkedHashSet<>();
        for (var e : victims.entrySet())
            for (long pfn : e.getValue()) {
                if (Boolean.getBoolean("memdesc.debug")) System.out.println("inject " + e.getKey() + " pfn " + pfn);
                String verdict = k.failure.inject(pfn);
                if (Boolean.getBoolean("memdesc.debug")) k.check();
                if (!done.add(pfn)) verdict = "(again) " + verdict;
                t.add(e.getKey() + " -> " + verdict);
                ops++;
            }
        peak(k);
        // tear down what is left; poisoned pages stay out of use
        for (long o : slabObjs) k.slab.free(o);
        for (long tpfn : tables) k.pt.free(tpfn);
        k.pt.freeMm(mm);
        for (long a : large) k.kmalloc.kfree(a);
        for (long d : pp) k.pool.put(d);
        k.pool.drain();
        for (long h : zh) k.zs.free(h);
        k.vmalloc.vfree(va);
        for (long[] a : acc) if (k.m.ownerOf(a[0]) != Owner.HWPOISON) k.memcg.freeAccounted(a[0], 0);
        k.rmap.exit(c);
        k.rmap.exit(p);
        k.pc.deleteMapping(as);
        t.add("poisoned " + k.m.count(Owner.HWPOISON));
        return ops;
    }
}
