package memdesc.memory;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The 1 MiB arrays that back simulated memory, recycled from one machine to the next. A check builds a
 * machine per state (two per state when its scenarios run in parallel): fresh 1 MiB arrays each time cost
 * a page fault per 4 KiB the first time they are touched, a zeroing by the JVM, and, since they outlive
 * young collections and are referenced from the old generation, G1 keeps them until a concurrent cycle
 * (the heap grew to 1.5 GB of dead machines and the evacuation pauses to 200 ms). A returned array is
 * zeroed when it is handed out again, as a fresh one would be.
 */
final class Chunks {
    private Chunks() {}

    /** Longs in a chunk: 1 MiB. */
    static final int LONGS = 1 << 17;
    /**
     * At most this many idle chunks are kept: a quarter of the heap. Idle chunks are taken before any new
     * one is allocated, so keeping them never raises the peak above what the machines alive at once used.
     */
    private static final int KEEP = (int) Math.min(1 << 16, (Runtime.getRuntime().maxMemory() / 4) >> 20);

    private static final ArrayDeque<long[]> IDLE = new ArrayDeque<>();

    /** A zeroed array of {@code len} longs: a recycled chunk when {@code len} is a whole chunk. */
    static long[] take(int len) {
        if (len != LONGS) return new long[len];
        long[] c;
        synchronized (IDLE) {
            c = IDLE.pollFirst();
        }
        if (c == null) return new long[LONGS];
        Arrays.fill(c, 0L);
        return c;
    }

    /** Gives back an array nothing refers to any more (its machine is gone). */
    static void give(long[] c) {
        if (c == null || c.length != LONGS) return;
        synchronized (IDLE) {
            if (IDLE.size() < KEEP) IDLE.addFirst(c);
        }
    }
}
