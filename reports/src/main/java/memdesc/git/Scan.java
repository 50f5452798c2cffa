package memdesc.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@link Progress#scan} found: totals per ref counted two ways (every line, as git grep; and
 * code only, comments blanked), and, per ref, the files with a match.
 *
 * @param all      per-ref totals over every line (equal to git grep -c)
 * @param code     per-ref totals with C comments ignored
 * @param codeOnly whether {@link #selected} and {@code files} are the code-only counts
 * @param files    ref → the files with a (selected) match, in git's path order
 */
public record Scan(ProgressResult all, ProgressResult code, boolean codeOnly, Map<String, List<FileCount>> files) {
    public Scan {
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    /** The counts asked for: {@link #code} with --code-only, else {@link #all}. */
    public ProgressResult selected() {
        return codeOnly ? code : all;
    }

    /**
     * One file of a ref: its counts per probe (in the probes' order), and the MAINTAINERS sections it
     * is in at that ref (empty when sections were not asked for or the ref has no MAINTAINERS).
     */
    public record FileCount(String path, long[] counts, List<String> sections) {
        public FileCount {
            counts = counts.clone();
            sections = List.copyOf(sections);
        }

        @Override public long[] counts() {
            return counts.clone();
        }

        public long count(int probe) {
            return counts[probe];
        }
    }

    /**
     * How to scan. {@code threads ≤ 0}: one per core. {@code cacheDir} null: no on-disk cache.
     * {@code sections}: read each ref's MAINTAINERS; {@code keywords}: also its K: content patterns
     * (as get_maintainer.pl --keywords-in-file). {@code status} (may be null) hears what is being done.
     */
    public record Options(List<String> includes, int threads, boolean codeOnly, boolean sections, boolean keywords,
                          Path cacheDir, Consumer<String> status) {
        public Options {
            includes = List.copyOf(includes);
        }

        public static Options defaults() {
            return new Options(List.of(), 0, false, false, false, null, null);
        }

        public Options withIncludes(List<String> v) { return new Options(v, threads, codeOnly, sections, keywords, cacheDir, status); }
        public Options withThreads(int v) { return new Options(includes, v, codeOnly, sections, keywords, cacheDir, status); }
        public Options withCodeOnly(boolean v) { return new Options(includes, threads, v, sections, keywords, cacheDir, status); }
        public Options withSections(boolean v) { return new Options(includes, threads, codeOnly, v, keywords, cacheDir, status); }
        public Options withKeywords(boolean v) { return new Options(includes, threads, codeOnly, sections, v, cacheDir, status); }
        public Options withCache(Path v) { return new Options(includes, threads, codeOnly, sections, keywords, v, status); }
        public Options withStatus(Consumer<String> v) { return new Options(includes, threads, codeOnly, sections, keywords, cacheDir, v); }
    }
}
