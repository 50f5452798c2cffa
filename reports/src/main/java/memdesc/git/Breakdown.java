package memdesc.git;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scan's counts broken down per file, per directory (cut at a depth) or per MAINTAINERS section.
 * Per file and per directory, the rows of a ref sum to its total; per section a file counts in every
 * section it is in, and files in none are under {@link #NO_SECTION}, so each section's row is the sum
 * of its files' rows.
 *
 * @param by    what the rows are
 * @param depth directory depth (for {@link By#DIR})
 * @param refs  the refs, in scan order
 * @param probes the probes
 * @param rows  every row with a match at some ref, in key order
 */
public record Breakdown(By by, int depth, List<String> refs, List<Probe> probes, List<Row> rows) {
    public static final String NO_SECTION = "(no section)";
    public static final String TOP_DIR = "(top)";

    public enum By { FILE, DIR, SUBSYSTEM }

    /**
     * One row: its key (path, directory ending in '/', or section name), counts[ref][probe], and for
     * files the sections the file is in at the newest ref it exists in.
     */
    public record Row(String key, long[][] counts, List<String> sections) {
        public long count(int ref, int probe) {
            return counts[ref][probe];
        }
    }

    public Breakdown {
        refs = List.copyOf(refs);
        probes = List.copyOf(probes);
        rows = List.copyOf(rows);
    }

    public static Breakdown of(Scan scan, By by, int depth) {
        List<String> refs = scan.all().refs();
        List<Probe> probes = scan.all().probes();
        Map<String, long[][]> acc = new TreeMap<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (int r = 0; r < refs.size(); r++) {
            for (Scan.FileCount f : scan.files().get(refs.get(r))) {
                List<String> keys = switch (by) {
                    case FILE -> List.of(f.path());
                    case DIR -> List.of(dir(f.path(), depth));
                    case SUBSYSTEM -> f.sections().isEmpty() ? List.of(NO_SECTION) : f.sections();
                };
                if (by == By.FILE) sections.put(f.path(), f.sections());
                for (String key : keys) {
                    long[][] c = acc.computeIfAbsent(key, k -> new long[refs.size()][probes.size()]);
                    for (int k = 0; k < probes.size(); k++) c[r][k] += f.count(k);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        acc.forEach((k, c) -> rows.add(new Row(k, c, sections.getOrDefault(k, List.of()))));
        return new Breakdown(by, depth, refs, probes, rows);
    }

    /** The directory of {@code path} cut to {@code depth} components, ending in '/'; top-level files: (top). */
    static String dir(String path, int depth) {
        int end = -1;
        for (int d = 0; d < depth; d++) {
            int next = path.indexOf('/', end + 1);
            if (next < 0) break;
            end = next;
        }
        return end < 0 ? TOP_DIR : path.substring(0, end + 1);
    }

    /** The rows with a match of probe k at some ref, most at the newest ref first; at most {@code top} (≤ 0: all). */
    public List<Row> top(int k, int top) {
        int newest = refs.size() - 1;
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            boolean any = false;
            for (long[] c : r.counts()) any |= c[k] != 0;
            if (any) out.add(r);
        }
        out.sort(Comparator.comparingLong((Row r) -> -r.count(newest, k))
                .thenComparingLong(r -> -maxOver(r, k)).thenComparing(Row::key));
        return top > 0 && out.size() > top ? out.subList(0, top) : out;
    }

    private static long maxOver(Row r, int k) {
        long m = 0;
        for (long[] c : r.counts()) m = Math.max(m, c[k]);
        return m;
    }
}
