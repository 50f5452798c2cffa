package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** The amdgpu driver populating and releasing pages it owns, recognised again by their owner field. */
final class AmdgpuScenario implements Scenario {
    @Override
    public String name() {
        return "amdgpu";
    }

    @Override
    public List<String> users() {
        return List.of("amdgpu");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long[] pfns = k.drivers.amdgpuPopulate(64 + r.nextInt(64));
        t.add("populated " + pfns.length + ", recognised " + k.drivers.amdgpuOwned(pfns));
        k.peak();
        k.drivers.amdgpuUnpopulate(pfns);
        return 2L * pfns.length;
    }
}
