package memdesc.scenario;

import memdesc.model.Machine;

import java.util.List;
import java.util.SplittableRandom;

/** page_zone() and page_to_nid() on random PFNs and on a fresh page. */
final class PageZoneScenario implements Scenario {
    @Override
    public String name() {
        return "page_zone";
    }

    @Override
    public List<String> users() {
        return List.of("page_zone", "buddy");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            long pfn = r.nextLong(k.m.frames);
            Machine.Zone z = k.m.helpers.pageZone(k.m.pageAddr(pfn));
            b.append(z.name()).append('/').append(k.m.helpers.pageToNid(k.m.pageAddr(pfn))).append(' ');
        }
        t.add("zones of random pfns: " + b.toString().trim());
        long p = k.buddy.allocPages(0);
        t.add("zone of a fresh page: " + k.m.helpers.pageZone(k.m.pageAddr(p)).name());
        k.buddy.freePages(p, 0);
        return 18;
    }
}
