package memdesc.report;

import java.util.List;
import java.util.Map;

/**
 * Kernel-tree progress as {@code memdesc progress --format json} writes it: how many matches of each
 * probe remain at each ref (release) of a kernel git tree. Read it with {@link Report#readProgress}.
 *
 * @param repo    the kernel tree scanned
 * @param refs    the refs scanned, oldest first
 * @param probes  the probes counted
 * @param counts  ref -> probe name -> matches
 * @param missing objects of a ref that could not be read, so were not counted
 * @param codeCounts ref -> probe name -> matches outside C comments (empty when the file has none)
 * @param breakdowns per file, directory or MAINTAINERS section, as {@code progress --by} wrote them
 */
public record Progress(String repo, List<String> refs, List<ProbeDef> probes,
                       Map<String, Map<String, Long>> counts, List<Missing> missing,
                       Map<String, Map<String, Long>> codeCounts, List<Breakdown> breakdowns) {
    public Progress(String repo, List<String> refs, List<ProbeDef> probes, Map<String, Map<String, Long>> counts, List<Missing> missing) {
        this(repo, refs, probes, counts, missing, Map.of(), List.of());
    }

    /** One breakdown: what its rows are ("file", "dir", "subsystem") and the rows. */
    public record Breakdown(String by, List<Row> rows) {
        public Breakdown {
            rows = List.copyOf(rows);
        }

        /** The rows with a match of {@code probe} at {@code ref}, most first, at most {@code top}. */
        public List<Row> top(String probe, String ref, int top) {
            return rows.stream().filter(r -> r.count(ref, probe) > 0)
                    .sorted(java.util.Comparator.comparingLong((Row r) -> -r.count(ref, probe)).thenComparing(Row::key))
                    .limit(top).toList();
        }
    }

    /** A row: its key (path, directory, section), the sections of a file, counts ref -> probe -> n. */
    public record Row(String key, List<String> sections, Map<String, Map<String, Long>> counts) {
        public Row {
            sections = sections == null ? List.of() : List.copyOf(sections);
        }

        public long count(String ref, String probe) {
            Map<String, Long> m = counts.get(ref);
            Long c = m == null ? null : m.get(probe);
            return c == null ? 0 : c;
        }
    }

    public Progress {
        refs = List.copyOf(refs);
        probes = List.copyOf(probes);
        // keep the order of the file: JSON output and charts follow it
        var c = new java.util.LinkedHashMap<String, Map<String, Long>>();
        counts.forEach((k, v) -> c.put(k, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(v))));
        counts = java.util.Collections.unmodifiableMap(c);
        missing = missing == null ? List.of() : List.copyOf(missing);
        codeCounts = codeCounts == null ? Map.of() : codeCounts;
        breakdowns = breakdowns == null ? List.of() : List.copyOf(breakdowns);
    }

    /** Matches outside comments, or null when not counted that way. */
    public Long codeCount(String ref, String probe) {
        Map<String, Long> m = codeCounts.get(ref);
        return m == null ? null : m.get(probe);
    }

    /** The breakdown by {@code by}, or null. */
    public Breakdown breakdown(String by) {
        return breakdowns.stream().filter(b -> b.by().equals(by)).findFirst().orElse(null);
    }

    /** A probe: its name (as the roadmap names it) and its pattern (a literal string when {@code fixed}). */
    public record ProbeDef(String name, String regex, boolean fixed) {
        public ProbeDef(String name, String regex) {
            this(name, regex, false);
        }
    }

    /** A file of {@code ref} at {@code path} whose object {@code id} could not be read; a tree ends in '/'. */
    public record Missing(String ref, String path, String id) {
        @Override public String toString() {
            return ref + ":" + path;
        }
    }

    /** Matches of {@code probe} at {@code ref}, or null when that ref or probe was not counted. */
    public Long count(String ref, String probe) {
        Map<String, Long> m = counts.get(ref);
        return m == null ? null : m.get(probe);
    }

    public String newestRef() {
        return refs.get(refs.size() - 1);
    }
}
