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
 */
public record Progress(String repo, List<String> refs, List<ProbeDef> probes,
                       Map<String, Map<String, Long>> counts, List<Missing> missing) {
    public Progress {
        refs = List.copyOf(refs);
        probes = List.copyOf(probes);
        // keep the order of the file: JSON output and charts follow it
        var c = new java.util.LinkedHashMap<String, Map<String, Long>>();
        counts.forEach((k, v) -> c.put(k, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(v))));
        counts = java.util.Collections.unmodifiableMap(c);
        missing = missing == null ? List.of() : List.copyOf(missing);
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
