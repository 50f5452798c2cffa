package memdesc.model;

import memdesc.cost.MemoryCost;
import memdesc.memory.PhysMem;
import memdesc.memory.Placement;
import memdesc.steps.InputException;

import java.util.Locale;

/**
 * The one check of a modelled machine's size that every command taking {@code --machine} makes before it
 * allocates anything: the model's own rules (at least 64 MiB, whole 4 MiB buddy blocks, at most 2^31
 * frames) and what this JVM's heap can hold for the number of machines the command runs at once. A size
 * it refuses is bad input (exit 2) with one line that names the largest size it would take.
 */
public final class MachineSize {
    private MachineSize() {}

    /**
     * Heap bytes one frame of a modelled machine costs at most: its struct page in the memmap chunks
     * (64 bytes, the largest struct page of the Path), the owner table (1), the frame's slot in the direct
     * map (8), the 16 dense head bytes of every frame (written for every free block in the 8-byte page's
     * states), and room for the frames the scenarios fill with data and for the collector to work in.
     */
    static final long HEAP_PER_FRAME = 64 + 1 + 8 + 16 + 39;
    /** The model indexes frames with an int: fewer than 2^31, in whole buddy blocks. */
    static final long MAX_FRAMES = (1L << 31) - (1L << Machine.MAX_ORDER);

    /**
     * Parses and checks {@code text} (64MiB, 4GiB, bytes, ...) for a command that runs up to
     * {@code concurrent} machines at once; returns the size in bytes.
     */
    public static long parse(String text, int concurrent) {
        if (text.contains("@"))
            throw new InputException("memdesc: --machine " + text.trim() + ": where memory lies (SIZE@ADDRESS,...) is for run and check;"
                    + " this command takes a size (64MiB, 4GiB, ...)");
        long bytes = MemoryCost.parseSize(text);
        check(text, bytes, concurrent, Runtime.getRuntime().maxMemory());
        return bytes;
    }

    /**
     * {@link #parse} for the commands that model where memory lies (run, check): a size (the default
     * layout, {@link Placement#of}), or present ranges {@code SIZE@ADDRESS,...}, one node each
     * ({@link Placement#parse}). The heap check is of the present memory: only present sections cost.
     */
    public static Placement placement(String text, int concurrent) {
        if (!text.contains("@")) return Placement.of(parse(text, concurrent));
        Placement p;
        try {
            p = Placement.parse(text, MemoryCost::parseSize);
        } catch (IllegalArgumentException e) {
            throw new InputException("memdesc: --machine " + text.trim() + ": " + e.getMessage());
        }
        fits(text, p.bytes(), concurrent, Runtime.getRuntime().maxMemory());
        return p;
    }

    /** {@link #parse} of a size already in bytes; {@code heap} is the heap limit to plan for. */
    static void check(String text, long bytes, int concurrent, long heap) {
        String what = "memdesc: --machine " + text.trim() + ": ";
        long block = PhysMem.PAGE_SIZE << Machine.MAX_ORDER;
        if (bytes < Machine.MIN_BYTES || bytes % block != 0)
            throw new InputException(what + "the machine must be at least 64MiB and a multiple of 4MiB");
        fits(text, bytes, concurrent, heap);
    }

    /** Present memory of {@code bytes} against the int frame index and the heap. */
    static void fits(String text, long bytes, int concurrent, long heap) {
        String what = "memdesc: --machine " + text.trim() + ": ";
        long largest = largest(concurrent, heap);
        if (bytes > largest) {
            String why = largest == MAX_FRAMES * PhysMem.PAGE_SIZE ? "the model indexes fewer than 2^31 frames (8 TiB)"
                    : "this heap (" + size(heap) + ") can model at most " + size(largest)
                      + (concurrent == 1 ? "" : " per machine, " + concurrent + " at a time")
                      + "; a larger heap (MEMDESC_JAVA_OPTS=-Xmx...)" + (concurrent == 1 ? "" : " or fewer --jobs")
                      + " models more";
            throw new InputException(what + "too large: " + why);
        }
    }

    /** The largest machine (a multiple of 4 MiB) that {@code concurrent} machines at once may each have. */
    public static long largest(int concurrent, long heap) {
        long block = PhysMem.PAGE_SIZE << Machine.MAX_ORDER;
        long frames = Math.min(MAX_FRAMES, heap / Math.max(1, concurrent) / HEAP_PER_FRAME);
        return Math.max(0, (frames * PhysMem.PAGE_SIZE) / block * block);
    }

    /** Machines a check on {@code jobs} workers runs at once: a state's free_all beside its other scenarios. */
    public static int concurrentForJobs(int jobs) {
        return Math.max(1, 2 * jobs);
    }

    static String size(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        double v = b;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f %s", v, units[u]) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
