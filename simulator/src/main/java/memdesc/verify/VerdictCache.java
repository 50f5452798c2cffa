package memdesc.verify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import memdesc.build.Diagnostic;
import memdesc.steps.Loc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
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
        return dir.resolve(key.substring(0, 2)).resolve(key.substring(2) + ".json");
    }

    /** The cached verdict, re-labelled for the position it is asked for (the same state can stand anywhere). */
    public Optional<Verdict> get(String stateHash, String config, int index, String stepId) {
        Path f = file(key(stateHash, config));
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Stored s = JSON.readValue(f.toFile(), Stored.class);
            return Optional.of(s.toVerdict(index, stepId, stateHash));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void put(String config, Verdict v) {
        if (!v.ok()) return;
        Path f = file(key(v.stateHash(), config));
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".verdict", ".tmp");
            JSON.writeValue(tmp.toFile(), Stored.of(v));
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // A cache that cannot be written only costs time: verdicts are still right.
        }
    }

    /** The stored form: positions are not stored, since the same state may stand at another step. */
    record Stored(long structPageBytes, double memmapPercent, long descriptorBytes, List<StoredDiag> diagnostics,
                  int scenariosPassed, int scenariosTotal, List<String> skipped, String failure, String failureAt,
                  long millis) {
        static Stored of(Verdict v) {
            return new Stored(v.structPageBytes(), v.memmapPercent(), v.descriptorBytes(),
                    v.diagnostics().stream().map(d -> new StoredDiag(d.loc().file(), d.loc().line(), d.loc().column(), d.message())).toList(),
                    v.scenariosPassed(), v.scenariosTotal(), v.skipped(), v.failure(), v.failureAt(), v.millis());
        }

        Verdict toVerdict(int index, String stepId, String hash) {
            return new Verdict(index, stepId, hash, structPageBytes, memmapPercent, descriptorBytes,
                    diagnostics == null ? List.of() : diagnostics.stream().map(d -> new Diagnostic(new Loc(d.file, d.line, d.column), d.message)).toList(),
                    scenariosPassed, scenariosTotal, skipped == null ? List.of() : skipped, failure, failureAt, millis, true);
        }
    }

    record StoredDiag(String file, int line, int column, String message) {}
}
