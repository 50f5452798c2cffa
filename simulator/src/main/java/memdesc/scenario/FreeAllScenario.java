package memdesc.scenario;


import java.util.List;
import java.util.SplittableRandom;

/** Allocates every free page at order 0, frees them all, and checks the allocator merged back to boot's blocks. */
final class FreeAllScenario implements Scenario {
    @Override
    public String name() {
        return "free_all";
    }

    @Override
    public List<String> users() {
        return List.of("buddy");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long n = 0, free = k.buddy.freePages();     // nr_free and the pcp counts, from memory
        long[] got = new long[(int) k.buddy.freePages() + 1];
        long p;
        while ((p = k.buddy.allocPages(0)) >= 0) got[(int) n++] = p;
        t.add("allocated every free page: " + (n == free));
        for (long i = n - 1; i >= 0; i--) k.buddy.freePages(got[(int) i], 0);
        k.check();
        t.add("merged back to boot's blocks: " + java.util.Arrays.equals(k.buddy.freeBlocks(), k.bootBlocks));
        return 2 * n;
    }
}
