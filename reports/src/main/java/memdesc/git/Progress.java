package memdesc.git;

import memdesc.steps.InputException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memdesc conversion progress in a real kernel git tree: how many lines match each probe at each ref,
 * read straight from the object store with JGit (no checkout), and which commits moved the counts.
 *
 * <p>Counts equal {@code git grep -c -E REGEX REF -- GLOBS} summed over files (or {@code -F} for
 * fixed probes); see {@code Ere} for the regex dialect, {@code LineCounter} for what a line is and
 * {@code PathGlob} for the --include globs (default {@code *.c}, {@code *.h}, at any depth).
 *
 * <p>JSON shape ({@link #json}) for counts:
 * <pre>{"repo": "...", "refs": ["v6.1", ...], "probes": [{"name": "...", "regex": "...", "fixed": false}],
 *  "counts": {"v6.1": {"page->mapping": 1234, ...}, ...},
 *  "missing": [{"ref": "...", "path": "mm/x.c", "id": "&lt;40 hex&gt;"}]}</pre>
 * and for attributions:
 * <pre>{"repo": "...", "range": "A..B", "probes": [...],
 *  "commits": [{"commit": "&lt;40 hex&gt;", "author": "...", "date": "2024-01-02T03:04:05+01:00",
 *               "subject": "...", "deltas": {"page->mapping": -3, ...}, "missing": ["path", ...]}]}</pre>
 */
public final class Progress {
    /** The default --include globs. */
    public static final List<String> DEFAULT_INCLUDES = List.of("*.c", "*.h");

    /** Output formats of the {@code progress} command. */
    public enum Format { TEXT, JSON, TSV }

    private Progress() { }

    /**
     * Counts the lines matching each probe at each ref. Blobs are read once whatever the number of
     * refs sharing them, (path, tree) pairs once, on {@code threads} threads (≤ 0: one per core).
     * Missing blobs or trees are reported in the result, never thrown.
     *
     * @throws InputException not a repository, an unknown ref, a probe that cannot be translated
     */
    public static ProgressResult count(Path repo, List<String> refs, List<Probe> probes,
                                       List<String> includeGlobs, int threads) {
        return scan(repo, refs, probes, Scan.Options.defaults().withIncludes(includeGlobs).withThreads(threads)).all();
    }

    /**
     * Counts like {@link #count}, both ways (every line; code only), keeps the per-file counts, and
     * with {@code opts.sections()} the MAINTAINERS sections of each file with a match (read from the
     * MAINTAINERS file of each ref). With a cache directory, blobs counted by an earlier run with the
     * same probes are not read again.
     *
     * @throws InputException not a repository, an unknown ref, a damaged object store
     */
    public static Scan scan(Path repo, List<String> refs, List<Probe> probes, Scan.Options opts) {
        if (refs.isEmpty()) throw new InputException("progress: error: no refs to count");
        LineCounter.Compiled[] compiled = LineCounter.compile(probes);
        PathGlob filter = PathGlob.of(opts.includes().isEmpty() ? DEFAULT_INCLUDES : opts.includes());
        int np = probes.size();
        try (Store store = Store.open(repo, filter)) {
            List<Store.Node> roots = new ArrayList<>();
            List<ObjectId> treeIds = new ArrayList<>();
            for (String ref : refs) treeIds.add(store.resolve(ref, "tree"));
            try (ObjectReader reader = store.repo.newObjectReader()) {
                for (int r = 0; r < refs.size(); r++) {
                    if (opts.status() != null) opts.status().accept("reading the trees of " + refs.get(r) + " (" + (r + 1) + "/" + refs.size() + ")");
                    roots.add(store.index(reader, treeIds.get(r), ""));
                }
            }
            BlobCache cache = opts.cacheDir() == null ? null : BlobCache.open(opts.cacheDir(), probes);
            int threads = opts.threads() <= 0 ? Runtime.getRuntime().availableProcessors() : opts.threads();
            int[][] both = store.countAll(compiled, threads, cache, opts.status());
            int[][] allCounts = new int[both.length][];
            int[][] codeCounts = new int[both.length][];
            for (int i = 0; i < both.length; i++) {
                if (both[i] == null) continue;
                allCounts[i] = java.util.Arrays.copyOfRange(both[i], 0, np);
                codeCounts[i] = java.util.Arrays.copyOfRange(both[i], np, 2 * np);
            }
            Map<String, Map<String, Long>> all = new LinkedHashMap<>();
            Map<String, Map<String, Long>> code = new LinkedHashMap<>();
            List<ProgressResult.Missing> missing = new ArrayList<>();
            Map<String, List<Scan.FileCount>> files = new LinkedHashMap<>();
            int[][] chosen = opts.codeOnly() ? codeCounts : allCounts;
            try (ObjectReader reader = store.repo.newObjectReader()) {
                for (int r = 0; r < refs.size(); r++) {
                    all.put(refs.get(r), row(probes, sum(roots.get(r), allCounts, np, new IdentityHashMap<>())));
                    code.put(refs.get(r), row(probes, sum(roots.get(r), codeCounts, np, new IdentityHashMap<>())));
                    collectMissing(refs.get(r), roots.get(r), allCounts, store, missing, new IdentityHashMap<>());
                    Maintainers m = opts.sections() ? maintainers(store, reader, treeIds.get(r), roots.get(r)) : Maintainers.NONE;
                    List<Scan.FileCount> fl = new ArrayList<>();
                    collectFiles(roots.get(r), chosen, np, fl, m, opts.keywords(), store, reader, new IdentityHashMap<>());
                    fl.sort(java.util.Comparator.comparing(Scan.FileCount::path));
                    files.put(refs.get(r), fl);
                }
            }
            return new Scan(new ProgressResult(repo.toString(), refs, probes, all, missing),
                    new ProgressResult(repo.toString(), refs, probes, code, missing), opts.codeOnly(), files);
        }
    }

    /**
     * The lower bound of a scan, for {@code bench progress}: inflates every unique counted blob of
     * {@code refs} once, on {@code threads} threads, and counts nothing. Returns {blobs, bytes}.
     */
    public static long[] inflateAll(Path repo, List<String> refs, List<String> includeGlobs, int threads) {
        PathGlob filter = PathGlob.of(includeGlobs.isEmpty() ? DEFAULT_INCLUDES : includeGlobs);
        try (Store store = Store.open(repo, filter)) {
            try (ObjectReader reader = store.repo.newObjectReader()) {
                for (String ref : refs) store.index(reader, store.resolve(ref, "tree"), "");
            }
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
            int n = store.blobs.size();
            Thread[] ts = new Thread[Math.max(1, threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads)];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    try (ObjectReader r = store.repo.newObjectReader()) {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            byte[] b = store.read(r, i);
                            if (b != null) bytes.addAndGet(b.length);
                        }
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return new long[] {n, bytes.get()};
        }
    }

    /** The scan's counts per file, per directory cut at {@code depth}, or per MAINTAINERS section. */
    public static Breakdown breakdown(Scan scan, Breakdown.By by, int depth) {
        return Breakdown.of(scan, by, depth);
    }

    /**
     * Expands --refs: tag globs ({@code v6.*}) and tag ranges ({@code v6.0..v6.18}) become the tags
     * they name in version order (see {@code Releases}); other refs stay as given.
     */
    public static List<String> expandRefs(Path repo, List<String> specs) {
        try (Store store = Store.open(repo, PathGlob.of(DEFAULT_INCLUDES))) {
            return Releases.expand(store, specs);
        }
    }

    private static Map<String, Long> row(List<Probe> probes, long[] sum) {
        Map<String, Long> row = new LinkedHashMap<>();
        for (int k = 0; k < probes.size(); k++) row.put(probes.get(k).name(), sum[k]);
        return row;
    }

    private static void collectFiles(Store.Node n, int[][] counts, int np, List<Scan.FileCount> out, Maintainers m,
                                     boolean keywords, Store store, ObjectReader reader, Map<Store.Node, Boolean> seen) {
        if (seen.put(n, Boolean.TRUE) != null) return; // a (tree, path) is one place in one ref
        for (int i = 0; i < n.blobs().length; i++) {
            int[] c = counts[n.blobs()[i]];
            if (c == null) continue;
            boolean any = false;
            long[] l = new long[np];
            for (int k = 0; k < np; k++) {
                l[k] = c[k];
                any |= c[k] != 0;
            }
            if (!any) continue;
            int blob = n.blobs()[i];
            List<String> sections = m.sectionsOf(n.paths()[i], keywords, () -> {
                byte[] b = store.read(reader, blob);
                return b == null ? null : new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            });
            out.add(new Scan.FileCount(n.paths()[i], l, sections));
        }
        for (Store.Node sub : n.subs()) collectFiles(sub, counts, np, out, m, keywords, store, reader, seen);
    }

    /** The MAINTAINERS file of a ref's tree, with the tree's directories for get_maintainer's -d test. */
    static Maintainers maintainers(Store store, ObjectReader reader, ObjectId tree, Store.Node root) {
        try (TreeWalk tw = TreeWalk.forPath(reader, "MAINTAINERS", tree)) {
            if (tw == null || tw.getFileMode(0) != FileMode.REGULAR_FILE) return Maintainers.NONE;
            byte[] text = reader.open(tw.getObjectId(0), org.eclipse.jgit.lib.Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
            java.util.Set<String> dirs = new java.util.HashSet<>();
            dirsOf(root, dirs, new IdentityHashMap<>());
            return Maintainers.parse(new String(text, java.nio.charset.StandardCharsets.UTF_8), dirs::contains);
        } catch (MissingObjectException e) {
            return Maintainers.NONE;
        } catch (IOException e) {
            throw new InputException(store.shown + ": error: cannot read MAINTAINERS: " + Errors.describe(e));
        }
    }

    private static void dirsOf(Store.Node n, java.util.Set<String> out, Map<Store.Node, Boolean> seen) {
        if (seen.put(n, Boolean.TRUE) != null) return;
        if (!n.dir().isEmpty()) out.add(n.dir());
        for (Store.Node s : n.subs()) dirsOf(s, out, seen);
    }

    private static long[] sum(Store.Node n, int[][] blobCounts, int probes, Map<Store.Node, long[]> memo) {
        long[] cached = memo.get(n);
        if (cached != null) return cached;
        long[] s = new long[probes];
        for (int b : n.blobs()) {
            int[] c = blobCounts[b];
            if (c != null) for (int k = 0; k < probes; k++) s[k] += c[k];
        }
        for (Store.Node sub : n.subs()) {
            long[] c = sum(sub, blobCounts, probes, memo);
            for (int k = 0; k < probes; k++) s[k] += c[k];
        }
        memo.put(n, s);
        return s;
    }

    private static void collectMissing(String ref, Store.Node n, int[][] blobCounts, Store store,
                                       List<ProgressResult.Missing> out, Map<Store.Node, Boolean> seen) {
        if (seen.put(n, Boolean.TRUE) != null) return;
        for (String[] t : n.missingTrees()) out.add(new ProgressResult.Missing(ref, t[0], t[1]));
        for (int i = 0; i < n.blobs().length; i++) {
            if (blobCounts[n.blobs()[i]] == null) {
                out.add(new ProgressResult.Missing(ref, n.paths()[i], store.blobs.get(n.blobs()[i]).name()));
            }
        }
        for (Store.Node sub : n.subs()) collectMissing(ref, sub, blobCounts, store, out, seen);
    }

    /**
     * The commits of {@code range} ({@code A..B}: reachable from B, not from A; an empty side is HEAD)
     * that change some probe's count, newest first (commit date order, as {@code git log}).
     *
     * <p>Semantics, against {@code git log -G<regex> A..B -- GLOBS}: every commit of the range is
     * visited, all parents followed, merges skipped (git log shows no diff for merges, so -G never
     * lists them); a root commit (or a shallow boundary) is diffed against the empty tree. Each
     * commit's delta per probe is (lines matching in the changed files after) − (before), from the
     * per-blob counts. Differences from -G: -G lists a commit whose diff adds or removes matching
     * lines even when the count does not change (a matching line edited, or one added and one
     * removed); we list commits whose count changes. And git log with paths simplifies history
     * (a merge TREESAME to one parent hides the other side); we do not: like {@code --full-history}.
     */
    public static List<Attribution> attribute(Path repo, String range, List<Probe> probes, List<String> includeGlobs) {
        return attribute(repo, range, probes, Scan.Options.defaults().withIncludes(includeGlobs)).commits();
    }

    /**
     * Attribution with options: {@code codeOnly} counts code lines only; {@code sections} also gives
     * the MAINTAINERS sections (at B) of every file whose count moved, for {@link Tally} by subsystem.
     *
     * @throws InputException also when A and B share no history (A..B would be all of B: not a range)
     */
    public static Attributions attribute(Path repo, String range, List<Probe> probes, Scan.Options opts) {
        List<String> includeGlobs = opts.includes();
        int dots = range.indexOf("..");
        if (dots < 0 || range.startsWith(".", dots + 2)) {
            throw new InputException("--attribute '" + range + "': error: expected a range A..B");
        }
        String from = range.substring(0, dots).isEmpty() ? "HEAD" : range.substring(0, dots);
        String to = range.substring(dots + 2).isEmpty() ? "HEAD" : range.substring(dots + 2);
        LineCounter.Compiled[] compiled = LineCounter.compile(probes);
        PathGlob filter = PathGlob.of(includeGlobs.isEmpty() ? DEFAULT_INCLUDES : includeGlobs);
        try (Store store = Store.open(repo, filter);
             ObjectReader reader = store.repo.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            ObjectId fromId = store.resolve(from, "commit");
            ObjectId toId = store.resolve(to, "commit");
            try (RevWalk base = new RevWalk(reader)) {
                base.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.MERGE_BASE);
                base.markStart(base.parseCommit(fromId));
                base.markStart(base.parseCommit(toId));
                // a shallow clone hides the common ancestor: only a complete history can tell
                boolean shallow = !store.repo.getObjectDatabase().getShallowCommits().isEmpty();
                if (!shallow && base.next() == null) {
                    throw new InputException("--attribute '" + range + "': error: " + from + " and " + to
                            + " share no history (no common ancestor), so the range would be all of " + to);
                }
            }
            walk.markStart(walk.parseCommit(toId));
            walk.markUninteresting(walk.parseCommit(fromId));
            record Change(String path, int before, int after) { }
            record Visited(RevCommit commit, List<Change> changes, List<String> missing) { }
            List<Visited> visited = new ArrayList<>();
            for (RevCommit c : walk) {
                if (c.getParentCount() > 1) continue;
                List<Change> changes = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                try (TreeWalk tw = new TreeWalk(reader)) {
                    tw.setRecursive(true);
                    tw.setFilter(TreeFilter.ANY_DIFF);
                    if (c.getParentCount() == 1) tw.addTree(walk.parseCommit(c.getParent(0)).getTree());
                    else tw.addTree(new EmptyTreeIterator());
                    tw.addTree(c.getTree());
                    while (tw.next()) {
                        String path = tw.getPathString();
                        int before = store.counted(path, tw.getFileMode(0)) ? store.blob(tw.getObjectId(0), path) : -1;
                        int after = store.counted(path, tw.getFileMode(1)) ? store.blob(tw.getObjectId(1), path) : -1;
                        if (before >= 0 || after >= 0) changes.add(new Change(path, before, after));
                    }
                } catch (MissingObjectException e) {
                    missing.add("(tree " + e.getObjectId().name() + ")");
                }
                visited.add(new Visited(c, changes, missing));
            }
            int np = probes.size();
            BlobCache cache = opts.cacheDir() == null ? null : BlobCache.open(opts.cacheDir(), probes);
            int[][] both = store.countAll(compiled, opts.threads() <= 0 ? Runtime.getRuntime().availableProcessors() : opts.threads(),
                    cache, opts.status());
            int[][] blobCounts = new int[both.length][];
            for (int i = 0; i < both.length; i++) {
                if (both[i] != null) blobCounts[i] = java.util.Arrays.copyOfRange(both[i], opts.codeOnly() ? np : 0, opts.codeOnly() ? 2 * np : np);
            }
            List<Attribution> out = new ArrayList<>();
            DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
            for (Visited v : visited) {
                long[] delta = new long[probes.size()];
                List<String> missing = new ArrayList<>(v.missing());
                Map<String, Map<String, Long>> files = new LinkedHashMap<>();
                for (Change ch : v.changes()) {
                    int[] before = ch.before() < 0 ? new int[probes.size()] : blobCounts[ch.before()];
                    int[] after = ch.after() < 0 ? new int[probes.size()] : blobCounts[ch.after()];
                    if (before == null || after == null) {
                        missing.add(ch.path());
                        continue;
                    }
                    Map<String, Long> fd = new LinkedHashMap<>();
                    for (int k = 0; k < delta.length; k++) {
                        delta[k] += after[k] - before[k];
                        if (after[k] != before[k]) fd.put(probes.get(k).name(), (long) (after[k] - before[k]));
                    }
                    if (!fd.isEmpty()) files.put(ch.path(), fd);
                }
                boolean moved = false;
                Map<String, Long> deltas = new LinkedHashMap<>();
                for (int k = 0; k < delta.length; k++) {
                    deltas.put(probes.get(k).name(), delta[k]);
                    moved |= delta[k] != 0;
                }
                if (!moved && missing.isEmpty() && files.isEmpty()) continue; // files: a commit netting 0 still moved some
                PersonIdent a = v.commit().getAuthorIdent();
                String date = OffsetDateTime.ofInstant(a.getWhenAsInstant(), a.getZoneId()).format(iso);
                out.add(new Attribution(v.commit().name(), a.getName(), date, v.commit().getShortMessage(), deltas, missing, files));
            }
            Map<String, List<String>> sections = new LinkedHashMap<>();
            if (opts.sections()) {
                ObjectId toTree = store.resolve(to, "tree");
                Store.Node root = store.index(reader, toTree, "");
                Maintainers m = maintainers(store, reader, toTree, root);
                for (Attribution a : out) {
                    for (String path : a.files().keySet()) sections.computeIfAbsent(path, p -> m.sectionsOf(p, false, () -> null));
                }
            }
            return new Attributions(repo.toString(), range, probes, out, sections);
        } catch (MissingObjectException e) {
            throw new InputException(repo + ": error: the history of '" + range + "' needs an object missing from the store: "
                    + e.getObjectId().name() + " (a shallow or partial clone?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints each matching line as {@code ref:path:line:text} (as {@code git grep -n REGEX REF}), for
     * probe {@code probe} or, when null, every probe (a line matching several is printed once); files
     * in git's path order, lines in order. Counts code-only matches when the scan did.
     */
    public static void list(Path repo, Scan scan, String probe, List<String> includeGlobs, java.util.function.Consumer<String> out) {
        List<Probe> probes = scan.all().probes();
        int only = -1;
        if (probe != null) {
            for (int k = 0; k < probes.size(); k++) if (probes.get(k).name().equals(probe)) only = k;
            if (only < 0) throw new InputException("--list '" + probe + "': error: no such probe");
        }
        LineCounter counter = new LineCounter(LineCounter.compile(probes));
        try (Store store = Store.open(repo, PathGlob.of(includeGlobs.isEmpty() ? DEFAULT_INCLUDES : includeGlobs));
             ObjectReader reader = store.repo.newObjectReader()) {
            for (String ref : scan.all().refs()) {
                ObjectId tree = store.resolve(ref, "tree");
                for (Scan.FileCount f : scan.files().get(ref)) {
                    if (only >= 0 && f.count(only) == 0) continue;
                    try (TreeWalk tw = TreeWalk.forPath(reader, f.path(), tree)) {
                        if (tw == null) continue;
                        byte[] data = reader.open(tw.getObjectId(0), org.eclipse.jgit.lib.Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
                        String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
                        String matched = scan.codeOnly() ? Comments.blank(text) : text;
                        java.util.TreeSet<Integer> lines = new java.util.TreeSet<>();
                        for (int k = 0; k < probes.size(); k++) {
                            if ((only < 0 || k == only) && f.count(k) > 0) lines.addAll(counter.matchingLines(k, matched));
                        }
                        String[] all = text.split("\n", -1);
                        for (int line : lines) {
                            String l = all[line - 1];
                            String shown = new String(l.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
                            out.accept(ref + ":" + f.path() + ":" + line + ":" + shown);
                        }
                    } catch (MissingObjectException e) {
                        // counted as missing in the scan already
                    } catch (IOException e) {
                        throw new InputException(store.shown + ": error: cannot read " + ref + ":" + f.path() + ": " + Errors.describe(e));
                    }
                }
            }
        }
    }

    /** Renders the totals of a scan; missing objects as one line unless {@code verbose}. */
    public static String render(Scan scan, Format format, boolean verbose) {
        return switch (format) {
            case TEXT -> Render.text(scan.selected(), verbose);
            case TSV -> Render.tsv(scan.selected());
            case JSON -> Render.json(scan, List.of(), 0);
        };
    }

    /** Renders breakdowns (text and TSV: one after another; JSON: one document with all of them). */
    public static String render(Scan scan, List<Breakdown> breakdowns, int top, Format format, boolean verbose) {
        if (format == Format.JSON) return Render.json(scan, breakdowns, top);
        StringBuilder out = new StringBuilder();
        for (Breakdown b : breakdowns) {
            if (out.length() > 0) out.append('\n');
            out.append(format == Format.TSV ? Render.tsv(b, top) : Render.text(b, top));
        }
        if (format == Format.TEXT) out.append(Render.missing(scan.selected().missing(), verbose));
        return out.toString();
    }

    /** Renders attribution tallies by author, commit or section. */
    public static String render(Attributions a, Tally.By by, int top, Format format) {
        return switch (format) {
            case TEXT -> Render.text(a, by, top);
            case TSV -> Render.tsv(a, by);
            case JSON -> Render.json(a, by);
        };
    }

    /** Renders counts: an aligned table (probes down, refs across), JSON (shape above) or TSV (refs down). */
    public static String render(ProgressResult result, Format format) {
        return switch (format) {
            case TEXT -> Render.text(result);
            case TSV -> Render.tsv(result);
            case JSON -> json(result);
        };
    }

    /** Renders attributions: an aligned table, JSON (shape above) or TSV (one row per commit). */
    public static String render(String repo, String range, List<Probe> probes, List<Attribution> commits, Format format) {
        return switch (format) {
            case TEXT -> Render.text(probes, commits);
            case TSV -> Render.tsv(probes, commits);
            case JSON -> Render.json(repo, range, probes, commits);
        };
    }

    /**
     * Reads counts back from the JSON {@link #json} wrote (for {@code memdesc report --progress}).
     *
     * @param file shown in error messages
     * @throws InputException malformed JSON ({@code file:line:col: error: ...}) or a missing field
     */
    public static ProgressResult fromJson(String file, String json) {
        return Render.parse(file, json);
    }

    /** The counts as JSON, in the documented shape. */
    public static String json(ProgressResult result) {
        return Render.json(result);
    }
}
