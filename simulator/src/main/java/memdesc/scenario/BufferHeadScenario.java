package memdesc.scenario;

import memdesc.model.ModelFailure;

import java.util.List;
import java.util.SplittableRandom;

/** Buffer heads attached to page-cache folios and walked through the folio, then detached. */
final class BufferHeadScenario implements Scenario {
    @Override
    public String name() {
        return "buffer_head";
    }

    @Override
    public List<String> users() {
        return List.of("buffer_head", "pagecache");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        long[] fs = new long[100];
        long blocks = 0;
        for (int i = 0; i < fs.length; i++) {
            fs[i] = k.pc.add(as, i, 0, k.group(1));
            int n = 1 << r.nextInt(4);
            k.bh.attach(fs[i], n, 1000L * i);
            blocks += n;
        }
        long sum = 0, walked = 0;
        for (long f : fs) {
            long[] w = k.bh.walk(f);
            walked += w[0];
            sum += w[1];
        }
        if (walked != blocks) throw ModelFailure.of("buffer heads walked " + walked + ", but " + blocks + " were attached");
        t.add("buffers walked " + walked + ", uptodate " + sum);
        k.peak();
        int freed = 0;
        for (long f : fs) freed += k.bh.detach(f);
        t.add("detached " + freed);
        k.pc.deleteMapping(as);
        return fs.length * 3L;
    }
}
