package memdesc.git;

import java.util.List;
import java.util.Map;

/**
 * What {@link Progress#attribute(java.nio.file.Path, String, List, Scan.Options)} found.
 *
 * @param repo     the repository as given
 * @param range    the range as given
 * @param probes   the probes
 * @param commits  the commits that moved a count, newest first
 * @param sections path → MAINTAINERS sections at the range's end (empty map when not asked for)
 */
public record Attributions(String repo, String range, List<Probe> probes, List<Attribution> commits,
                           Map<String, List<String>> sections) {
    public Attributions {
        probes = List.copyOf(probes);
        commits = List.copyOf(commits);
        sections = Map.copyOf(sections);
    }
}
