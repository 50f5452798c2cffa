package memdesc.verify;

import memdesc.scenario.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verdicts keyed by a content hash of the state plus the verifier's configuration, as git-test keys
 * results by tree: re-checking after editing one step re-verifies only the states that changed. Lives in
 * the user's cache directory ({@code $MEMDESC_CACHE}, else {@code $XDG_CACHE_HOME/memdesc}, else
 * {@code ~/.cache/memdesc}), never in the repository. A corrupt entry is treated as a miss.
 * Only good verdicts are kept: a failing verdict points at roadmap lines, which move when an earlier
 * step is edited while the state's content (the key) does not, so failures are always recomputed.
 * Beside them, under {@code reference/}, the baseline's passing run that states are compared with.
 */
public final class VerdictCache {
    private final Path dir;

    public VerdictCache(Path dir) {
        this.dir = dir;
    }

    /** The default location for this user. */
    public static VerdictCache standard() {
        String env = System.getenv("MEMDESC_CACHE");
        if (env == null || env.isEmpty()) env = System.getProperty("memdesc.cache");
        if (env != null && !env.isEmpty()) return new VerdictCache(Path.of(env));
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new VerdictCache(base.resolve("memdesc").resolve("verdicts"));
    }

    public Path dir() {
        return dir;
    }

    static String key(String stateHash, String config) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(stateHash.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(config.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key.substring(2) + ".verdict");
    }

    /** The cached verdict, re-labelled for the position it is asked for (the same state can stand anywhere). */
    public Optional<Verdict> get(String stateHash, String config, int index, String stepId) {
        Path f = file(key(stateHash, config));
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(parse(Files.readAllLines(f, StandardCharsets.UTF_8), index, stepId, stateHash));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void put(String config, Verdict v) {
        if (!v.ok()) return;
        Path f = file(key(v.stateHash(), config));
        try {
            Files.createDirectories(f.getParent());
            writeAtomically(f, format(v));
        } catch (IOException e) {
            // A cache that cannot be written only costs time: verdicts are still right.
        }
    }

    /**
     * How long each step's state took to verify in the latest run that verified it (milliseconds by step
     * id), for scheduling the costliest first; empty when unknown or unreadable.
     */
    public Map<String, Long> costs(String costKey) {
        Path f = costsFile(costKey);
        Map<String, Long> out = new HashMap<>();
        try {
            if (!Files.isRegularFile(f)) return out;
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int sp = l.lastIndexOf(' ');
                if (sp > 0) out.put(l.substring(0, sp), Long.parseLong(l.substring(sp + 1)));
            }
        } catch (IOException | RuntimeException e) {
            return new HashMap<>();
        }
        return out;
    }

    /** Records these times over the older ones (best effort: a lost update only costs scheduling). */
    public void putCosts(String costKey, Map<String, Long> millis) {
        Map<String, Long> all = new java.util.TreeMap<>(costs(costKey));
        all.putAll(millis);
        StringBuilder b = new StringBuilder();
        all.forEach((step, ms) -> b.append(step).append(' ').append(ms).append('\n'));
        Path f = costsFile(costKey);
        try {
            Files.createDirectories(f.getParent());
            writeAtomically(f, b.toString());
        } catch (IOException e) {
            // Only the next run's order suffers.
        }
    }

    private Path costsFile(String costKey) {
        return dir.resolve("costs").resolve(key(costKey, "costs").substring(0, 16));
    }

    private static void writeAtomically(Path f, String text) throws IOException {
        Path tmp = Files.createTempFile(f.getParent(), ".verdict", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The reference run every state's traces are compared with (the baseline's), as {@link #putReference}
     * stored it under this state hash and configuration; empty when absent or unreadable.
     */
    public Optional<RunResult> reference(String stateHash, String config) {
        Path f = referenceFile(key(stateHash, config));
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(parseRun(Files.readAllLines(f, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keeps a passing reference run (a failing one is not worth keeping: nothing passes against it). */
    public void putReference(String stateHash, String config, RunResult run) {
        if (!run.passed()) return;
        Path f = referenceFile(key(stateHash, config));
        try {
            Files.createDirectories(f.getParent());
            writeAtomically(f, formatRun(run));
        } catch (IOException e) {
            // the next run computes it again
        }
    }

    private Path referenceFile(String key) {
        return dir.resolve("reference").resolve(key + ".run");
    }

    /*
     * A run, one record a line, fields separated by tabs (escaped in text as in verdicts, with \t): a "run"
     * line, then per scenario a "scenario" line followed by its "trace" lines, then the bindings' members.
     */
    private static final String RUN_MAGIC = "memdesc-reference 1";

    static String formatRun(RunResult r) {
        StringBuilder b = new StringBuilder(16384).append(RUN_MAGIC).append('\n');
        row(b, "run", r.stepId(), r.machineBytes(), r.seed(), r.memmapBytes());
        for (RunResult.ScenarioResult s : r.scenarios()) {
            row(b, "scenario", s.name(), s.status(), s.operations(), s.nanos(), s.memmapBytes(), s.descriptorBytes(), s.note());
            for (String t : s.trace()) row(b, "trace", t);
        }
        members(b, "exercised", r.exercised());
        members(b, "unexercised", r.unexercised());
        return b.toString();
    }

    private static void members(StringBuilder b, String kind, Map<String, java.util.Set<String>> m) {
        new java.util.TreeMap<>(m).forEach((user, fs) -> {
            List<Object> fields = new ArrayList<>(fs.size() + 1);
            fields.add(user);
            fields.addAll(fs);
            row(b, kind, fields.toArray());
        });
    }

    private static void row(StringBuilder b, String kind, Object... fields) {
        b.append(kind);
        for (Object f : fields) b.append('\t').append(escape(String.valueOf(f)));
        b.append('\n');
    }

    static RunResult parseRun(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(RUN_MAGIC)) throw new IllegalArgumentException("not a reference run");
        String[] run = null;
        List<RunResult.ScenarioResult> scenarios = new ArrayList<>();
        String[] sc = null;
        List<String> trace = new ArrayList<>();
        Map<String, java.util.Set<String>> ex = new HashMap<>(), unex = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            for (int i = 1; i < f.length; i++) f[i] = unescape(f[i]);
            switch (f[0]) {
                case "run" -> run = f;
                case "scenario", "exercised", "unexercised" -> {
                    if (sc != null) scenarios.add(scenario(sc, trace));
                    sc = null;
                    trace = new ArrayList<>();
                    if (f[0].equals("scenario")) sc = f;
                    else (f[0].equals("exercised") ? ex : unex).put(f[1],
                            new java.util.LinkedHashSet<>(List.of(f).subList(2, f.length)));
                }
                case "trace" -> {
                    if (sc == null) throw new IllegalArgumentException("trace line outside a scenario");
                    trace.add(f[1]);
                }
                default -> throw new IllegalArgumentException("bad line: " + l);
            }
        }
        if (sc != null) scenarios.add(scenario(sc, trace));
        if (run == null) throw new IllegalArgumentException("no run line");
        return new RunResult(run[1], Long.parseLong(run[2]), Long.parseLong(run[3]), Long.parseLong(run[4]), scenarios, null, unex, ex);
    }

    private static RunResult.ScenarioResult scenario(String[] f, List<String> trace) {
        return new RunResult.ScenarioResult(f[1], RunResult.Status.valueOf(f[2]), Long.parseLong(f[3]), trace, Long.parseLong(f[4]),
                Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }

    /*
     * The stored form: one "key=value" a line (a good verdict has no diagnostics or failure; positions are
     * not stored, since the same state may stand at another step). Plain text rather than JSON: a re-check
     * reads every entry in a fresh JVM, where a JSON mapper's first use costs more than the whole lookup.
     */
    private static final String MAGIC = "memdesc-verdict 1";

    static String format(Verdict v) {
        StringBuilder b = new StringBuilder(256).append(MAGIC).append('\n');
        b.append("structPageBytes=").append(v.structPageBytes()).append('\n');
        b.append("memmapPercent=").append(Double.toString(v.memmapPercent())).append('\n');
        b.append("descriptorBytes=").append(v.descriptorBytes()).append('\n');
        b.append("scenariosPassed=").append(v.scenariosPassed()).append('\n');
        b.append("scenariosTotal=").append(v.scenariosTotal()).append('\n');
        b.append("millis=").append(v.millis()).append('\n');
        for (String sk : v.skipped()) b.append("skipped=").append(escape(sk)).append('\n');
        return b.toString();
    }

    static Verdict parse(List<String> lines, int index, String stepId, String hash) {
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw new IllegalArgumentException("not a verdict");
        Map<String, String> one = new HashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            int eq = l.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("bad line: " + l);
            String k = l.substring(0, eq), val = l.substring(eq + 1);
            if (k.equals("skipped")) skipped.add(unescape(val));
            else one.put(k, val);
        }
        return new Verdict(index, stepId, hash, Long.parseLong(one.get("structPageBytes")),
                Double.parseDouble(one.get("memmapPercent")), Long.parseLong(one.get("descriptorBytes")), List.of(),
                Integer.parseInt(one.get("scenariosPassed")), Integer.parseInt(one.get("scenariosTotal")), skipped,
                null, null, Long.parseLong(one.get("millis")), true);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else b.append(c);
        }
        return b.toString();
    }
}
