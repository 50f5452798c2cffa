package memdesc.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Simulated memory: little-endian sub-word access, natural alignment, sparse backing, the three ranges. */
class PhysMemTest {
    @Test void subWordAccessesAreLittleEndianAndDoNotDisturbNeighbours() {
        PhysMem m = new PhysMem(1 << 14, (1 << 14) * 64L);
        long a = PhysMem.VMEMMAP + 64 * 5 + 48;
        m.write64(a, 0x1122334455667788L);
        assertEquals(0x55667788L, m.read(a, 4));
        assertEquals(0x11223344L, m.read(a + 4, 4));
        assertEquals(0x88L, m.read(a, 1));
        m.write(a + 4, 4, 1);                            // _refcount = 1 next to page_type
        assertEquals(0x0000000155667788L, m.read64(a));
        m.write(a + 2, 2, 0xabcd);
        assertEquals(0x00000001abcd7788L, m.read64(a));
    }

    @Test void misalignedAndUnmappedAccessesFault() {
        PhysMem m = new PhysMem(1 << 14, (1 << 14) * 64L);
        assertThrows(PhysMem.MemFault.class, () -> m.read64(PhysMem.VMEMMAP + 4));
        assertThrows(PhysMem.MemFault.class, () -> m.read(PhysMem.VMEMMAP + 2, 4));
        assertThrows(PhysMem.MemFault.class, () -> m.write64(0x8, 1));
        assertThrows(PhysMem.MemFault.class, () -> m.read64(PhysMem.pfnToVirt(1 << 14)));
    }

    @Test void directMapIsSparseAndFreedFramesAreForgotten() {
        PhysMem m = new PhysMem(1 << 20, (1L << 20) * 8);
        assertEquals(0, m.read64(PhysMem.pfnToVirt(12345) + 8));
        assertEquals(0, m.directPagesBacked());
        m.write64(PhysMem.pfnToVirt(12345) + 8, 42);
        assertEquals(1, m.directPagesBacked());
        assertEquals(12345, m.virtToPfn(PhysMem.pfnToVirt(12345) + 4095));
        m.discardFrame(12345);
        assertEquals(0, m.read64(PhysMem.pfnToVirt(12345) + 8));
        assertEquals(0, m.directPagesBacked());
        long k = m.kalloc(24, 16);
        assertEquals(0, k & 15);
        m.write64(k, 7);
        assertEquals(7, m.read64(k));
    }

    @Test void aFrameBackedByItsFirstWordsStillHoldsEveryWordOfThePage() {
        PhysMem m = new PhysMem(1 << 10, (1 << 10) * 8L);
        long f = PhysMem.pfnToVirt(7);
        m.write64(f, 1);                                 // an in-block descriptor: the first 16 bytes
        m.write64(f + 8, 2);
        assertEquals(0, m.read64(f + 16));
        assertEquals(0, m.read64(f + 4088));
        m.write(f + 4092, 4, 0xdeadbeefL);               // the last word of the page
        m.write64(f + 24, 3);
        assertEquals(1, m.read64(f));
        assertEquals(2, m.read64(f + 8));
        assertEquals(0, m.read64(f + 16));
        assertEquals(3, m.read64(f + 24));
        assertEquals(0xdeadbeefL, m.read(f + 4092, 4));
        assertEquals(0, m.read(f + 4088, 4));
        assertEquals(1, m.directPagesBacked());
        m.discardFrame(7);
        assertEquals(0, m.read64(f + 8));
        assertEquals(0, m.read(f + 4092, 4));
    }

    @Test void aReleasedMachinesChunksComeBackZeroedAndItCannotBeReadAfterwards() {
        long frames = 1 << 16;                           // 4 MiB memmap, 1 MiB of frame heads: whole chunks
        PhysMem a = new PhysMem(frames, frames * 64);
        for (long off = 0; off < frames * 64; off += 4096) a.write64(PhysMem.VMEMMAP + off, -1L);
        for (long pfn = 0; pfn < frames; pfn += 97) a.write64(PhysMem.pfnToVirt(pfn) + 8, 0x5a5a5a5aL);
        a.release();
        assertThrows(NullPointerException.class, () -> a.read64(PhysMem.VMEMMAP));
        PhysMem b = new PhysMem(frames, frames * 64);    // takes the chunks a gave back
        for (long off = 0; off < frames * 64; off += 4096) assertEquals(0, b.read64(PhysMem.VMEMMAP + off), "memmap +" + off);
        for (long pfn = 0; pfn < frames; pfn += 97) {
            b.write64(PhysMem.pfnToVirt(pfn), 1);        // a head chunk is taken on the first write
            assertEquals(0, b.read64(PhysMem.pfnToVirt(pfn) + 8), "frame " + pfn);
        }
        b.release();
    }
}
