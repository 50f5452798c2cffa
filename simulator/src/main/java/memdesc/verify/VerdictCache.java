package memdesc.verify;

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
        for (String sk : v.skipped()) b.append("skipped=").append(sk.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
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
                b.append(n == 'n' ? '\n' : n);
            } else b.append(c);
        }
        return b.toString();
    }
}
