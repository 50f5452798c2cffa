package memdesc.git;

import java.util.List;
import java.util.Map;

/**
 * One commit of an attribution range whose diff changes some probe's count.
 *
 * @param commit  the full commit id
 * @param author  the author's name
 * @param date    the author date, strict ISO 8601 with offset (as {@code git log --format=%aI})
 * @param subject the first line of the message
 * @param deltas  probe name → change in matching lines (every probe, zeros included)
 * @param missing paths of this commit's diff whose blobs were missing (their lines were not counted)
 * @param files   path → probe name → change, for each changed file whose count moved
 */
public record Attribution(String commit, String author, String date, String subject,
                          Map<String, Long> deltas, List<String> missing, Map<String, Map<String, Long>> files) {
    public Attribution {
        deltas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(deltas));
        missing = List.copyOf(missing);
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    public Attribution(String commit, String author, String date, String subject, Map<String, Long> deltas, List<String> missing) {
        this(commit, author, date, subject, deltas, missing, Map.of());
    }
}
