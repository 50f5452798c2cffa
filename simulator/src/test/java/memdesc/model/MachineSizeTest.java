package memdesc.model;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineSizeTest {
    static final long GiB = 1L << 30;

    @Test void theLargestMachineFollowsTheHeapAndTheMachinesRunAtOnce() {
        long one = MachineSize.largest(1, 16 * GiB);
        long four = MachineSize.largest(4, 16 * GiB);
        assertTrue(one >= 64 * GiB && one <= 1024 * GiB, "" + one);
        assertEquals(0, one % (4L << 20));
        assertTrue(four * 4 <= one + (16L << 20) && four * 4 >= one - (16L << 20), one + " " + four);
        // the int-indexed frame tables cap it whatever the heap
        assertEquals((8L << 40) - (4L << 20), MachineSize.largest(1, 1L << 50));
    }

    @Test void refusalsNameTheLimit() {
        MachineSize.check("4GiB", 4 * GiB, 4, 12 * GiB);
        var e = assertThrows(InputException.class, () -> MachineSize.check("1TiB", 1L << 40, 4, 12 * GiB));
        assertTrue(e.getMessage().matches("memdesc: --machine 1TiB: too large: this heap \\(12 GiB\\) can model at most "
                + "[0-9.]+ GiB per machine, 4 at a time; .*"), e.getMessage());
        e = assertThrows(InputException.class, () -> MachineSize.check("1TiB", 1L << 40, 1, 12 * GiB));
        assertTrue(!e.getMessage().contains("--jobs"), e.getMessage());
        e = assertThrows(InputException.class, () -> MachineSize.check("16TiB", 16L << 40, 1, 1L << 50));
        assertTrue(e.getMessage().endsWith("the model indexes fewer than 2^31 frames (8 TiB)"), e.getMessage());
        e = assertThrows(InputException.class, () -> MachineSize.check("66MiB", 66L << 20, 1, 12 * GiB));
        assertTrue(e.getMessage().endsWith("at least 64MiB and a multiple of 4MiB"), e.getMessage());
        assertThrows(InputException.class, () -> MachineSize.parse("5XB", 1));
    }
}
