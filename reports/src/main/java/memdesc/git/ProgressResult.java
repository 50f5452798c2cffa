package memdesc.git;

import java.util.List;
import java.util.Map;

/**
 * What {@link Progress#count} found: for each ref (in the order asked), for each probe (in the order
 * given), the number of matching lines; and the files whose blobs (or trees) were missing from the
 * object store, which were not counted.
 *
 * @param repo    the repository path as given
 * @param refs    the refs as given
 * @param probes  the probes
 * @param counts  ref → probe name → matching lines (insertion-ordered)
 * @param missing one entry per ref and missing object
 */
public record ProgressResult(String repo, List<String> refs, List<Probe> probes,
                             Map<String, Map<String, Long>> counts, List<Missing> missing) {
    public ProgressResult {
        refs = List.copyOf(refs);
        probes = List.copyOf(probes);
        missing = List.copyOf(missing);
    }

    /** A file of {@code ref} at {@code path} whose object {@code id} could not be read; a tree ends in '/'. */
    public record Missing(String ref, String path, String id) { }
}
