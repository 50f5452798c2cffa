package memdesc.scenario;

import memdesc.model.Machine;
import memdesc.model.ModelFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random allocations and frees at every order 0..10, checking data written to each block survives. */
final class ChurnScenario implements Scenario {
    @Override
    public String name() {
        return "churn";
    }

    @Override
    public List<String> users() {
        return List.of("buddy");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        int ops = 20000;
        List<long[]> live = new ArrayList<>();
        long sum = 0;
        long livePages = 0, cap = k.m.frames / 8;      // stays far from exhaustion in every state
        for (int i = 0; i < ops; i++) {
            int order = r.nextInt(100) < 70 ? r.nextInt(4) : 4 + r.nextInt(Machine.MAX_ORDER - 3);
            if (live.isEmpty() || (r.nextInt(100) < 55 && livePages + (1L << order) <= cap)) {
                long pfn = k.buddy.allocPages(order);
                if (pfn < 0) throw ModelFailure.of("churn: order-" + order + " allocation failed with " + livePages + " pages live");
                livePages += 1L << order;
                if ((pfn & ((1L << order) - 1)) != 0) throw ModelFailure.of("order-" + order + " block at unaligned pfn " + pfn);
                long v = r.nextLong();
                k.m.mem.write64(Machine.virt(pfn), v);         // the block's owner writes it; read back at free
                live.add(new long[] {pfn, order, v});
            } else {
                long[] b = live.remove(r.nextInt(live.size()));
                livePages -= 1L << b[1];
                long v = k.m.mem.read64(Machine.virt(b[0]));
                if (v != b[2]) throw ModelFailure.of("order-" + b[1] + " block at pfn " + b[0] + " was handed out twice: its data changed");
                k.buddy.freePages(b[0], (int) b[1]);
                sum += v & 0xffff;
            }
            if (i == ops / 2) k.peak();
        }
        for (long[] b : live) k.buddy.freePages(b[0], (int) b[1]);
        t.add("data read back at free, checksum " + sum);
        k.check();
        t.add("merged back to boot's blocks: " + java.util.Arrays.equals(k.buddy.freeBlocks(), k.bootBlocks));
        return ops;
    }
}
