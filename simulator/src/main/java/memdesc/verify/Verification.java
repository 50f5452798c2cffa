package memdesc.verify;

import memdesc.build.BuildCheck;
import memdesc.memory.Placement;
import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.List;

/**
 * The verifier {@code memdesc check} uses: the build check, then the memmap model's scenarios on a
 * machine of the given size, whose traces must equal the baseline's for the same seed.
 */
public final class Verification implements StateVerifier {
    private final Placement machine;
    private final long seed;
    private final ModelRunner model;

    /** Runs the scenarios of one state and compares them with the baseline's. */
    public interface ModelRunner {
        /** The model's verdict on a state that builds. */
        Outcome run(Roadmap roadmap, State state, BuildCheck.Layouts layouts, Placement machine, long seed, Context ctx);

        /** Part of the cache key: the model's own version. */
        String version();

        /** Computes what {@link #run} compares every state with (the baseline's run), if it has not yet. */
        default void prepare(Roadmap roadmap, Placement machine, long seed, Context ctx) {}
    }

    /**
     * What the model found. {@code failure} is the first scenario failure (scenario, PFN or user, and
     * message), null when every scenario passed.
     */
    public record Outcome(int passed, int total, List<String> skipped, long memmapBytes, long descriptorBytes,
                          String failure) {}

    /** The default modelled machine: 4 GiB, 1,048,576 frames of 4 KiB. */
    public static final long DEFAULT_MACHINE = 4L << 30;

    /**
     * The verifier every command uses: the build check and, once a state builds, the memmap model's
     * scenarios on a machine of {@code machineBytes}.
     */
    public static Verification standard(long machineBytes, long seed) {
        return new Verification(machineBytes, seed, ModelRunners.standard());
    }

    /** The verifier on a machine whose memory lies where {@code machine} says (run and check --machine). */
    public static Verification standard(Placement machine, long seed) {
        return new Verification(machine, seed, ModelRunners.standard());
    }

    public Verification(long machineBytes, long seed, ModelRunner model) {
        this(Placement.of(machineBytes), seed, model);
    }

    public Verification(Placement machine, long seed, ModelRunner model) {
        this.machine = machine;
        this.seed = seed;
        this.model = model;
    }

    @Override public String configKey() {
        return "machine=" + machine.key() + ";seed=" + seed + ";model=" + (model == null ? "none" : model.version())
                + ";code=" + CodeVersion.fingerprint();
    }

    /** The code version changes with every build; the relative cost of states does not. */
    @Override public String costKey() {
        return "machine=" + machine.key() + ";seed=" + seed;
    }

    @Override public void prepare(Roadmap roadmap, Context ctx) {
        if (model != null) model.prepare(roadmap, machine, seed, ctx);
    }

    @Override public Verdict verify(Roadmap roadmap, State state) {
        return verify(roadmap, state, Context.NONE);
    }

    @Override public Verdict verify(Roadmap roadmap, State state, Context ctx) {
        long t0 = System.nanoTime();
        try {
            return verifyOrThrow(roadmap, state, ctx, t0);
        } catch (memdesc.steps.InputException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // the build check or the model broke on this state: that is the state's verdict (exit 1), not a
            // crash of the tool (exit 3)
            if (Boolean.getBoolean("memdesc.debug")) e.printStackTrace();
            String where = "";
            for (StackTraceElement f : e.getStackTrace())
                if (f.getClassName().startsWith("memdesc.")) {
                    where = " at " + f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
                    break;
                }
            return new Verdict(state.index(), state.stepId(), state.contentHash(), 0, 0, 0, List.of(), 0, 0, List.of(),
                    "the checker raised " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + where,
                    stepLoc(roadmap, state), ms(t0), false);
        }
    }

    private Verdict verifyOrThrow(Roadmap roadmap, State state, Context ctx, long t0) {
        String hash = state.contentHash();
        BuildCheck.Result built = BuildCheck.check(roadmap, state);
        long pageBytes = built.layouts().sizeOf("page");
        double memmapPct = 100.0 * pageBytes / 4096.0;
        if (!built.ok()) {
            var first = headline(built.diagnostics());
            return new Verdict(state.index(), state.stepId(), hash, pageBytes, memmapPct, 0, built.diagnostics(), 0, 0,
                    List.of(), "does not build: " + first.message(), first.loc().toString(), ms(t0), false);
        }
        if (model == null)
            return new Verdict(state.index(), state.stepId(), hash, pageBytes, memmapPct, 0, List.of(), 0, 0,
                    List.of(), null, null, ms(t0), false);
        Outcome o = model.run(roadmap, state, built.layouts(), machine, seed, ctx);
        double pct = o.memmapBytes() > 0 ? 100.0 * o.memmapBytes() / machine.bytes() : memmapPct;
        String failure = o.failure(), at = failure == null ? null : stepLoc(roadmap, state);
        State.Disabled open = previewOpen(roadmap, state);
        if (failure == null && open != null) {
            failure = "developer preview never ended: " + open.user() + " disabled since " + disabledAt(roadmap, open)
                    + " (" + open.reason() + ") and never enabled again";
            at = open.loc().toString();
        }
        return new Verdict(state.index(), state.stepId(), hash, pageBytes, pct, o.descriptorBytes(), List.of(),
                o.passed(), o.total(), o.skipped(), failure, at, ms(t0), false);
    }

    /**
     * A {@code disable} is a developer preview, not a way to lose a user: the roadmap's last state must have
     * every user enabled again. The first user still disabled there, else null.
     */
    static State.Disabled previewOpen(Roadmap roadmap, State state) {
        if (state.index() != roadmap.steps().size() || state.disabled().isEmpty()) return null;
        return state.disabled().values().iterator().next();
    }

    /** The id of the step whose {@code disable} is at the user's disabled location. */
    private static String disabledAt(Roadmap roadmap, State.Disabled d) {
        for (memdesc.steps.Step st : roadmap.steps())
            for (memdesc.steps.Change c : st.changes())
                if (c instanceof memdesc.steps.Change.Disable dis && dis.loc().equals(d.loc())) return st.id();
        return String.valueOf(d.loc());
    }

    /**
     * The reason a summary line shows: a user that no longer compiles ("'struct page' has no member named
     * 'lru' (used by mm/swap.c)") says most about a misplaced step, so it goes first; otherwise the first
     * diagnostic. Every diagnostic stays in the verdict.
     */
    static memdesc.build.Diagnostic headline(List<memdesc.build.Diagnostic> ds) {
        for (var d : ds) if (d.message().contains("(used by ")) return d;
        return ds.get(0);
    }

    /** A scenario failure is the step's fault: point at the step. */
    private static String stepLoc(Roadmap roadmap, State state) {
        if (state.isBaseline()) return roadmap.file();
        return roadmap.step(state.stepId()).map(s -> s.loc().toString()).orElse(roadmap.file());
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
