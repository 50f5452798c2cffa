package memdesc.git;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution summed per author, per commit or per MAINTAINERS section, per probe: how many uses each
 * removed and added (the table statistics articles print). A commit's change is split into removed
 * (a fall) and added (a rise) per probe; per section, a commit's change is the sum over its files in
 * that section (files in none are under {@link Breakdown#NO_SECTION}).
 *
 * @param key     author name, "commit-id subject", or section name
 * @param author  for commits: the author; else empty
 * @param commits how many commits of the range moved this probe for this key
 * @param removed uses removed
 * @param added   uses added
 */
public record Tally(String key, String author, int commits, long removed, long added) {
    public enum By { AUTHOR, COMMIT, SUBSYSTEM }

    /** The tally of probe {@code probe} by {@code by}: most removed first, then most added, then by key. */
    public static List<Tally> of(Attributions a, String probe, By by) {
        Map<String, long[]> acc = new LinkedHashMap<>();
        Map<String, String> authors = new LinkedHashMap<>();
        for (Attribution c : a.commits()) {
            Map<String, Long> perKey = new LinkedHashMap<>();
            switch (by) {
                case AUTHOR -> perKey.put(c.author(), c.deltas().getOrDefault(probe, 0L));
                case COMMIT -> {
                    String key = c.commit().substring(0, 12) + " " + c.subject();
                    perKey.put(key, c.deltas().getOrDefault(probe, 0L));
                    authors.put(key, c.author());
                }
                case SUBSYSTEM -> {
                    for (var f : c.files().entrySet()) {
                        long d = f.getValue().getOrDefault(probe, 0L);
                        if (d == 0) continue;
                        List<String> secs = a.sections().getOrDefault(f.getKey(), List.of());
                        for (String s : secs.isEmpty() ? List.of(Breakdown.NO_SECTION) : secs) perKey.merge(s, d, Long::sum);
                    }
                }
            }
            for (var e : perKey.entrySet()) {
                long d = e.getValue();
                if (d == 0) continue;
                long[] t = acc.computeIfAbsent(e.getKey(), k -> new long[3]);
                t[0]++;
                if (d < 0) t[1] -= d;
                else t[2] += d;
            }
        }
        List<Tally> out = new ArrayList<>();
        acc.forEach((k, t) -> out.add(new Tally(k, authors.getOrDefault(k, ""), (int) t[0], t[1], t[2])));
        out.sort(Comparator.comparingLong((Tally t) -> -t.removed()).thenComparingLong(t -> -t.added()).thenComparing(Tally::key));
        return out;
    }
}
