package memdesc.kpageflags;

import memdesc.steps.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads /proc/kpageflags (and optionally /proc/kpagecount) dumps of any size, or the live
 * files, and classifies every PFN. The entry point of {@code memdesc.kpageflags}.
 *
 * Streams through a {@link #BUFFER}-byte buffer per file, so memory is bounded whatever the
 * dump's size. The live /proc files report size 0 and are read to EOF; every read is 8-byte
 * aligned and a multiple of 8 bytes, as the kernel requires.
 */
public final class KPageFlags {
    public static final Path LIVE_FLAGS = Path.of("/proc/kpageflags");
    public static final Path LIVE_COUNT = Path.of("/proc/kpagecount");
    /**
     * Bytes per read. Small enough that the kernel's copy, the buffer and the words the
     * classifier walks stay in the L2 cache: on this project's machines reads of 256 KiB and
     * up copy out of the page cache several times slower than reads of 128 KiB.
     */
    public static final int BUFFER = 1 << 17;

    private KPageFlags() {}

    /** The live files of this machine (root only). */
    public static Classification classifyLive(boolean withCounts) {
        return classify(LIVE_FLAGS, withCounts ? LIVE_COUNT : null);
    }

    /**
     * Classifies a dump. {@code kpagecount} may be null; if given, it must hold as many PFNs.
     *
     * @throws InputException for a missing, unreadable, empty or directory path, a size that is
     *                        not a multiple of 8, or a kpagecount of a different length
     */
    public static Classification classify(Path kpageflags, Path kpagecount) {
        return classify(kpageflags, kpagecount, MAX_UNSIZED_BYTES);
    }

    /**
     * The most a file that reports no size (a /proc file, a device, a pipe) may give before it is refused:
     * 2^30 PFNs, 4 TiB of RAM in 4 KiB pages (an 8 GiB dump). Something that reads on past that is not a
     * kpageflags dump (/proc/self/pagemap has 2^35 words), and it would otherwise be read without end.
     */
    public static final long MAX_UNSIZED_BYTES = 8L << 30;

    static Classification classify(Path kpageflags, Path kpagecount, long maxUnsized) {
        long flagsSize = checkedSize(kpageflags, "kpageflags");
        long countSize = kpagecount == null ? -1 : checkedSize(kpagecount, "kpagecount");
        if (kpagecount != null && flagsSize > 0 && countSize > 0 && flagsSize != countSize)
            throw lengthMismatch(kpageflags, kpagecount, flagsSize, countSize);
        try (ReadableByteChannel f = open(kpageflags, "kpageflags"); ReadableByteChannel c = kpagecount == null ? null : open(kpagecount, "kpagecount")) {
            ByteBuffer fb = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer cb = c == null ? null : ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
            long[] fl = new long[BUFFER / 8], cl = c == null ? null : new long[BUFFER / 8];
            Classifier classifier = new Classifier();
            long total = 0;
            while (true) {
                fb.clear();
                boolean eof = fill(f, fb);
                int bytes = fb.position();
                if (bytes % 8 != 0)
                    throw new InputException(kpageflags + ": error: size " + (total + bytes)
                            + " bytes is not a multiple of 8: not a kpageflags dump (one 8-byte word per PFN)");
                int n = bytes >>> 3;
                if (cb != null && n > 0) {
                    cb.clear().limit(bytes);
                    fill(c, cb);
                    if (cb.position() != bytes)
                        throw lengthMismatch(kpageflags, kpagecount, total + bytes, total + cb.position());
                }
                // a bulk copy into long[]: the classifier's loop then runs over a plain array
                fb.flip().asLongBuffer().get(fl, 0, n);
                if (cl != null && n > 0) cb.flip().asLongBuffer().get(cl, 0, n);
                classifier.accept(fl, cl, n);
                total += bytes;
                if (eof) break;
                if (flagsSize == 0 && total > maxUnsized)
                    throw new InputException(kpageflags + ": error: more than " + maxUnsized / 8 + " PFNs (" + maxUnsized
                            + " bytes) from a file that reports no size: the limit for a kpageflags dump (is it one?)");
            }
            if (total == 0) throw new InputException(kpageflags + ": error: empty file: no PFNs to classify");
            if (c != null) {
                ByteBuffer probe = ByteBuffer.allocate(8);
                if (c.read(probe) > 0)
                    throw new InputException(kpagecount + ": error: kpagecount is longer than kpageflags " + kpageflags
                            + " (" + total / 8 + " PFNs); both must be dumped from the same machine and range");
            }
            return classifier.finish(kpageflags.toString(), c != null);
        } catch (IOException e) {
            throw new InputException(kpageflags + ": error: read failed: " + e.getMessage());
        }
    }

    /** Reads until the buffer is full or EOF; true at EOF. */
    private static boolean fill(ReadableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) return true;
        }
        return false;
    }

    /** Size of a regular file (0 for /proc files, which are read to EOF), after the checks that need no read. */
    private static long checkedSize(Path p, String what) {
        if (Files.isDirectory(p)) throw new InputException(p + ": error: is a directory, not a " + what + " dump");
        if (!Files.exists(p)) throw new InputException(p + ": error: no such file (" + what + " dump)");
        try {
            long size = Files.size(p);
            if (size % 8 != 0)
                throw new InputException(p + ": error: size " + size + " bytes is not a multiple of 8: not a "
                        + what + " dump (one 8-byte word per PFN)");
            if (size == 0 && Files.isRegularFile(p) && !p.toAbsolutePath().startsWith("/proc"))
                throw new InputException(p + ": error: empty file: no PFNs to classify");
            return size;
        } catch (IOException e) {
            throw new InputException(p + ": error: cannot read: " + e.getMessage());
        }
    }

    /** A dump's channel; one that is not a regular file (a FIFO, a device) may wait only so long for data. */
    private static ReadableByteChannel open(Path p, String what) {
        try {
            return memdesc.steps.InputFile.open(p, p.toString(), what + " dump");
        } catch (AccessDeniedException e) {
            throw new InputException(p + ": error: permission denied (the live /proc files need root)");
        } catch (NoSuchFileException e) {
            throw new InputException(p + ": error: no such file");
        } catch (IOException e) {
            throw new InputException(p + ": error: cannot open: " + e.getMessage());
        }
    }

    private static InputException lengthMismatch(Path flags, Path count, long flagBytes, long countBytes) {
        return new InputException(count + ": error: kpagecount has a different length from kpageflags " + flags + " ("
                + (countBytes < flagBytes ? "it ends after " + countBytes / 8 + " PFNs, kpageflags has at least "
                : countBytes / 8 + " PFNs, kpageflags has ") + flagBytes / 8 + "); both must be dumped from the same machine and range");
    }
}
