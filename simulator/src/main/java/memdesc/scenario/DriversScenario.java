package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** A driver's private pages: a cookie kept in page->private survives get_page()/put_page() lending. */
final class DriversScenario implements Scenario {
    @Override
    public String name() {
        return "drivers";
    }

    @Override
    public List<String> users() {
        return List.of("drivers_private");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long[][] ps = new long[100][];
        for (int i = 0; i < ps.length; i++) {
            long c = r.nextLong();
            ps[i] = new long[] {k.drivers.privatePage(c), c};
        }
        k.peak();
        int ok = 0;
        for (long[] p : ps) {
            k.m.helpers.getPage(k.m.pageAddr(p[0]));    // the driver lends the page out and gets it back
            k.m.helpers.putPage(k.m.pageAddr(p[0]));
            if (k.drivers.cookie(p[0]) == p[1]) ok++;
        }
        t.add("cookies intact " + ok + " of " + ps.length);
        for (long[] p : ps) k.drivers.freePrivate(p[0]);
        return 300;
    }
}
