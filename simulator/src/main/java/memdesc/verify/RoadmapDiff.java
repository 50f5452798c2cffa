package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code memdesc diff OLD NEW}: steps added, removed, changed (by checksum) and moved (common steps not in
 * the longest common subsequence of the two orders), as a migration tool compares migrations.
 */
public final class RoadmapDiff {
    private RoadmapDiff() {}

    public enum Kind { SAME, ADDED, REMOVED, CHANGED, MOVED, MOVED_AND_CHANGED }

    /** One step's fate. Numbers are 0 where the step is absent from that side. */
    public record Entry(Kind kind, String id, int oldNumber, int newNumber, String oldChecksum, String newChecksum) {}

    public static List<Entry> diff(Roadmap older, Roadmap newer) {
        Map<String, Step> o = new HashMap<>();
        Map<String, Step> n = new HashMap<>();
        older.steps().forEach(s -> o.put(s.id(), s));
        newer.steps().forEach(s -> n.put(s.id(), s));
        List<String> oc = older.steps().stream().map(Step::id).filter(n::containsKey).toList();
        List<String> nc = newer.steps().stream().map(Step::id).filter(o::containsKey).toList();
        Set<String> stay = lcs(oc, nc);
        List<Entry> out = new ArrayList<>();
        for (Step s : newer.steps()) {
            Step before = o.get(s.id());
            if (before == null) {
                out.add(new Entry(Kind.ADDED, s.id(), 0, s.number(), null, s.checksum()));
                continue;
            }
            boolean changed = !before.checksum().equals(s.checksum());
            boolean moved = !stay.contains(s.id());
            Kind k = moved ? (changed ? Kind.MOVED_AND_CHANGED : Kind.MOVED) : (changed ? Kind.CHANGED : Kind.SAME);
            out.add(new Entry(k, s.id(), before.number(), s.number(), before.checksum(), s.checksum()));
        }
        for (Step s : older.steps())
            if (!n.containsKey(s.id())) out.add(new Entry(Kind.REMOVED, s.id(), s.number(), 0, s.checksum(), null));
        return out;
    }

    static Set<String> lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--)
            for (int j = b.size() - 1; j >= 0; j--)
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
        Set<String> out = new HashSet<>();
        int i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add(a.get(i));
                i++;
                j++;
            } else if (t[i + 1][j] >= t[i][j + 1]) i++;
            else j++;
        }
        return out;
    }
}
