package memdesc.kpageflags;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 18: a file that reports no size and reads on (a /proc file, a device) stops at a stated limit. */
class UnsizedDumpTest {
    @Test void procSelfPagemapStopsAtTheLimitAndNamesIt() {
        Path pagemap = Path.of("/proc/self/pagemap");
        assumeTrue(Files.isReadable(pagemap), "no /proc/self/pagemap here");
        InputException e = assertThrows(InputException.class, () -> KPageFlags.classify(pagemap, null, 1 << 20));
        assertEquals("/proc/self/pagemap: error: more than 131072 PFNs (1048576 bytes) from a file that reports no size:"
                + " the limit for a kpageflags dump (is it one?)", e.getMessage());
    }

    @Test void aDeviceIsReadAsAFileOfUnknownSize() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        InputException e = assertThrows(InputException.class, () -> KPageFlags.classify(zero, null, 1 << 20));
        assertTrue(e.getMessage().startsWith("/dev/zero: error: more than 131072 PFNs"), e.getMessage());
        // an empty device is empty, not endless
        InputException empty = assertThrows(InputException.class, () -> KPageFlags.classify(Path.of("/dev/null"), null));
        assertEquals("/dev/null: error: empty file: no PFNs to classify", empty.getMessage());
    }

    @Test void theShippedLimitIsFourTebibytesOfPages() {
        assertEquals((1L << 30) * 8, KPageFlags.MAX_UNSIZED_BYTES);
    }
}
