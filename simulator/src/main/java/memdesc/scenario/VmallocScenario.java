package memdesc.scenario;

import memdesc.vmalloc.Vmalloc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** vmalloc areas of 1-300 pages, written, read back through the area's page array, and freed. */
final class VmallocScenario implements Scenario {
    @Override
    public String name() {
        return "vmalloc";
    }

    @Override
    public List<String> users() {
        return List.of("vmalloc", "kmalloc_large");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<Vmalloc.Area> areas = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < 30; i++) areas.add(k.vmalloc.vmalloc(1 + r.nextInt(300), 1000L * i));
        k.peak();
        for (Vmalloc.Area a : areas) for (int i = 0; i < a.n(); i++) sum += k.vmalloc.read(a, i);
        t.add("data read through the areas, sum " + sum);
        for (Vmalloc.Area a : areas) k.vmalloc.vfree(a);
        return 60;
    }
}
