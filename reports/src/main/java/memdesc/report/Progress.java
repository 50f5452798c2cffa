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
 * @param missing refs (or probes) the scan could not resolve
 */
public record Progress(String repo, List<String> refs, List<ProbeDef> probes,
                       Map<String, Map<String, Long>> counts, List<String> missing) {
    public Progress {
        refs = List.copyOf(refs);
        probes = List.copyOf(probes);
        // keep the order of the file: JSON output and charts follow it
        var c = new java.util.LinkedHashMap<String, Map<String, Long>>();
        counts.forEach((k, v) -> c.put(k, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(v))));
        counts = java.util.Collections.unmodifiableMap(c);
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /** A probe: its name (as the roadmap names it) and its regular expression. */
    public record ProbeDef(String name, String regex) {}

    /** Matches of {@code probe} at {@code ref}, or null when that ref or probe was not counted. */
    public Long count(String ref, String probe) {
        Map<String, Long> m = counts.get(ref);
        return m == null ? null : m.get(probe);
    }

    public String newestRef() {
        return refs.get(refs.size() - 1);
    }
}
