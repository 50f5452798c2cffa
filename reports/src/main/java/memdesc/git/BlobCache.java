package memdesc.git;

import org.eclipse.jgit.lib.ObjectId;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Per-blob counts kept on disk between runs, one file per probe set: the key is a hash of every
 * probe's name, pattern and mode plus the counter's version, so a changed probe starts a new file.
 * Records are appended (20-byte blob id, then 2n big-endian ints: all lines, code-only lines); a
 * record cut short by a crash is ignored when read. A blob's counts depend only on its bytes, which
 * its id names, so a record never goes stale.
 */
final class BlobCache {
    /** Bump when what a count means changes (LineCounter, Comments). */
    private static final String VERSION = "memdesc-progress-cache 1";

    private final Path file;
    private final int ints;
    private final Map<ObjectId, int[]> known = new HashMap<>();

    private BlobCache(Path file, int ints) {
        this.file = file;
        this.ints = ints;
    }

    /** Opens (or starts) the cache for {@code probes} under {@code dir}; unreadable caches start empty. */
    static BlobCache open(Path dir, List<Probe> probes) {
        StringBuilder key = new StringBuilder(VERSION).append('\n');
        for (Probe p : probes) key.append(p.name()).append('\t').append(p.fixed() ? 'F' : 'E').append('\t').append(p.regex()).append('\n');
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BlobCache c = new BlobCache(dir.resolve(hash + ".counts"), 2 * probes.size());
        c.load();
        return c;
    }

    private void load() {
        byte[] all;
        try {
            if (!Files.isRegularFile(file)) return;
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            return; // a cache we cannot read is an empty one
        }
        int rec = 20 + 4 * ints;
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.remaining() >= rec) {
            ObjectId id = ObjectId.fromRaw(all, b.position());
            b.position(b.position() + 20);
            int[] c = new int[ints];
            for (int i = 0; i < ints; i++) c[i] = b.getInt();
            known.put(id, c);
        }
        if (all.length % rec != 0) { // cut short by a crash: drop the partial record so appends stay aligned
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate((long) all.length - all.length % rec);
            } catch (IOException e) {
                known.clear(); // cannot realign: do not trust or extend it
            }
        }
    }

    int[] get(ObjectId id) {
        return known.get(id);
    }

    int size() {
        return known.size();
    }

    /** Appends new records; a cache that cannot be written is left as it was (counting goes on). */
    void add(List<ObjectId> ids, List<int[]> counts) {
        if (ids.isEmpty()) return;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(ids.size() * (20 + 4 * ints));
        try (DataOutputStream out = new DataOutputStream(buf)) {
            byte[] raw = new byte[20];
            for (int i = 0; i < ids.size(); i++) {
                ids.get(i).copyRawTo(raw, 0);
                out.write(raw);
                for (int v : counts.get(i)) out.writeInt(v);
                known.put(ids.get(i), counts.get(i));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, buf.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a read-only cache directory: this run's counts are simply not kept
        }
    }
}
