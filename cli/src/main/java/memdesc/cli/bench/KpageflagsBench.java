package memdesc.cli.bench;

import memdesc.cost.MemoryCost;
import memdesc.kpageflags.Classification;
import memdesc.kpageflags.KPageFlags;
import memdesc.steps.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code memdesc bench kpageflags}: classification throughput of a kpageflags dump held in
 * the page cache, next to a plain sequential read of the same file (the physical limit), on
 * one thread. Prints figures; asserts nothing.
 */
@Command(name = "kpageflags", mixinStandardHelpOptions = true,
        description = "Time kpageflags classification against a plain read of the same cached file.")
public final class KpageflagsBench implements Callable<Integer> {
    enum Pattern { synthetic, live }

    @Spec CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE", description = "Use this dump instead of generating one.")
    Path file;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB", description = "Size of the generated dump (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--pattern", defaultValue = "synthetic",
            description = "synthetic: a busy machine (few empty PFNs); live: this machine's /proc/kpageflags repeated (default: ${DEFAULT-VALUE}).")
    Pattern pattern;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--keep", description = "Keep the generated dump in /tmp.")
    boolean keep;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KpageflagsBench()).execute(args));
    }

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1) throw new InputException("error: --runs must be at least 1");
        Path dump = file;
        boolean generated = dump == null;
        if (generated) {
            long bytes = MemoryCost.parseSize(size);
            dump = Files.createTempFile("memdesc-kpageflags-bench-", ".bin");
            long t = System.nanoTime();
            if (pattern == Pattern.live) repeatLive(dump, bytes);
            else synthetic(dump, bytes);
            out.printf(Locale.ROOT, "generated %s dump %s: %d bytes in %.1f s%n", pattern, dump, Files.size(dump),
                    (System.nanoTime() - t) / 1e9);
        }
        try {
            long bytes = Files.size(dump);
            plainRead(dump); // warm the page cache
            // wall time, and this thread's CPU time: on a shared, overcommitted machine the wall
            // clock also counts time the thread waited for a CPU
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            double[] read = new double[runs], classify = new double[runs], readCpu = new double[runs], classifyCpu = new double[runs];
            Classification c = null;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime(), c0 = mx.getCurrentThreadCpuTime();
                plainRead(dump);
                long t1 = System.nanoTime(), c1 = mx.getCurrentThreadCpuTime();
                c = KPageFlags.classify(dump, null);
                long t2 = System.nanoTime(), c2 = mx.getCurrentThreadCpuTime();
                read[i] = (t1 - t0) / 1e9;
                classify[i] = (t2 - t1) / 1e9;
                readCpu[i] = (c1 - c0) / 1e9;
                classifyCpu[i] = (c2 - c1) / 1e9;
            }
            out.printf(Locale.ROOT, "file: %s, %d bytes = %d PFNs, cached, 1 thread, %d runs, %d CPUs, load average %.1f%n",
                    dump, bytes, bytes / 8, runs, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            // both read through buffers of the same size (KPageFlags.BUFFER): the comparison is fair
            String kib = KPageFlags.BUFFER / 1024 + " KiB";
            report(out, String.format(Locale.ROOT, "%-44s", "plain sequential read (" + kib + " buffer), wall"), bytes, read);
            report(out, String.format(Locale.ROOT, "%-44s", "plain sequential read (" + kib + " buffer), CPU"), bytes, readCpu);
            report(out, String.format(Locale.ROOT, "%-44s", "classify (KPageFlags.classify, " + kib + "), wall"), bytes, classify);
            report(out, String.format(Locale.ROOT, "%-44s", "classify (KPageFlags.classify, " + kib + "), CPU"), bytes, classifyCpu);
            out.print(c.text());
        } finally {
            if (generated && !keep) Files.deleteIfExists(dump);
        }
        return 0;
    }

    private static void report(PrintWriter out, String what, long bytes, double[] seconds) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        double best = s[0], median = s[s.length / 2];
        out.printf(Locale.ROOT, "%s best %.3f s = %.2f GB/s (%.0f M PFNs/s), median %.3f s = %.2f GB/s%n",
                what, best, bytes / best / 1e9, bytes / 8 / best / 1e6, median, bytes / median / 1e9);
    }

    /**
     * Reads the file to the end through a buffer of the classifier's size; returns a checksum so
     * the read is not dead code.
     */
    static long plainRead(Path p) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(KPageFlags.BUFFER);
            int n;
            while ((n = ch.read(b)) >= 0) {
                sum += n;
                b.clear();
            }
        }
        return sum;
    }

    /** The live dump, repeated until the size is reached. */
    private static void repeatLive(Path dump, long bytes) throws IOException {
        Path once = Files.createTempFile("memdesc-kpageflags-live-", ".bin");
        try {
            try (InputStream in = Files.newInputStream(KPageFlags.LIVE_FLAGS)) {
                Files.copy(in, once, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            long one = Files.size(once);
            if (one == 0) throw new InputException(KPageFlags.LIVE_FLAGS + ": error: empty");
            try (FileChannel src = FileChannel.open(once); FileChannel dst = FileChannel.open(dump, StandardOpenOption.WRITE)) {
                long written = 0;
                while (written < bytes) {
                    long n = Math.min(one, bytes - written);
                    long done = 0;
                    while (done < n) done += src.transferTo(done, n - done, dst);
                    written += n;
                }
            }
        } finally {
            Files.deleteIfExists(once);
        }
    }

    /**
     * A busy machine, deterministic (seed 42): allocations drawn at naturally aligned PFNs with
     * flag words as this project's VM reports them — free blocks (BUDDY on every page), file and
     * anon folios of orders 0-9, slabs of orders 0-3, page tables, reserved pages, and 5% holes.
     */
    static void synthetic(Path dump, long bytes) throws IOException {
        final long lru = 1L << 5, up = 1L << 3, ref = 1L << 2, act = 1L << 6, mmap = 1L << 11, anon = 1L << 12,
                swapbacked = 1L << 14, head = 1L << 15, tail = 1L << 16, thp = 1L << 22, buddy = 1L << 10,
                slab = 1L << 7, pgtable = 1L << 26, reserved = 1L << 32, owner2 = 1L << 34;
        SplittableRandom r = new SplittableRandom(42);
        long pfns = bytes / 8;
        try (FileChannel ch = FileChannel.open(dump, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long pfn = 0;
            while (pfn < pfns) {
                int pick = r.nextInt(100);
                int order;
                long flags;
                if (pick < 20) { order = r.nextInt(11); flags = buddy; }
                else if (pick < 55) { int[] o = {0, 0, 0, 2, 4, 9}; order = o[r.nextInt(o.length)]; flags = lru | up | ref | owner2 | (r.nextBoolean() ? mmap | act : 0); }
                else if (pick < 80) { order = r.nextInt(8) == 0 ? 9 : 0; flags = lru | up | mmap | anon | swapbacked | act; }
                else if (pick < 90) { order = r.nextInt(4); flags = slab; }
                else if (pick < 92) { order = 0; flags = pgtable; }
                else if (pick < 93) { order = 0; flags = reserved; }
                else { order = r.nextInt(4); flags = 0; }
                long len = 1L << order;
                if ((pfn & (len - 1)) != 0) { order = Long.numberOfTrailingZeros(pfn); len = 1L << order; } // keep alignment
                boolean compound = order > 0 && (flags & (buddy | pgtable | reserved)) == 0 && flags != 0;
                for (long i = 0; i < len && pfn < pfns; i++, pfn++) {
                    long w = flags;
                    if (compound) w |= (i == 0 ? head : tail) | ((flags & lru) != 0 ? thp : 0);
                    b.putLong(w);
                    if (!b.hasRemaining()) { b.flip(); while (b.hasRemaining()) ch.write(b); b.clear(); }
                }
            }
            b.flip();
            while (b.hasRemaining()) ch.write(b);
        }
    }
}
