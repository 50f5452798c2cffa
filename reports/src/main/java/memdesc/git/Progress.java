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
        if (refs.isEmpty()) throw new InputException("progress: error: no refs to count");
        LineCounter.Compiled[] compiled = LineCounter.compile(probes);
        PathGlob filter = PathGlob.of(includeGlobs.isEmpty() ? DEFAULT_INCLUDES : includeGlobs);
        try (Store store = Store.open(repo, filter)) {
            List<Store.Node> roots = new ArrayList<>();
            List<ObjectId> treeIds = new ArrayList<>();
            for (String ref : refs) treeIds.add(store.resolve(ref, "tree"));
            try (ObjectReader reader = store.repo.newObjectReader()) {
                for (ObjectId tree : treeIds) roots.add(store.index(reader, tree, ""));
            }
            int[][] blobCounts = store.countAll(compiled, threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads);
            Map<Store.Node, long[]> memo = new IdentityHashMap<>();
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            List<ProgressResult.Missing> missing = new ArrayList<>();
            for (int r = 0; r < refs.size(); r++) {
                long[] sum = sum(roots.get(r), blobCounts, probes.size(), memo);
                Map<String, Long> row = new LinkedHashMap<>();
                for (int k = 0; k < probes.size(); k++) row.put(probes.get(k).name(), sum[k]);
                counts.put(refs.get(r), row);
                collectMissing(refs.get(r), roots.get(r), blobCounts, store, missing, new IdentityHashMap<>());
            }
            return new ProgressResult(repo.toString(), refs, probes, counts, missing);
        }
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
                        int before = store.counted(path, tw.getFileMode(0)) ? store.blob(tw.getObjectId(0)) : -1;
                        int after = store.counted(path, tw.getFileMode(1)) ? store.blob(tw.getObjectId(1)) : -1;
                        if (before >= 0 || after >= 0) changes.add(new Change(path, before, after));
                    }
                } catch (MissingObjectException e) {
                    missing.add("(tree " + e.getObjectId().name() + ")");
                }
                visited.add(new Visited(c, changes, missing));
            }
            int[][] blobCounts = store.countAll(compiled, Runtime.getRuntime().availableProcessors());
            List<Attribution> out = new ArrayList<>();
            DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
            for (Visited v : visited) {
                long[] delta = new long[probes.size()];
                List<String> missing = new ArrayList<>(v.missing());
                for (Change ch : v.changes()) {
                    int[] before = ch.before() < 0 ? new int[probes.size()] : blobCounts[ch.before()];
                    int[] after = ch.after() < 0 ? new int[probes.size()] : blobCounts[ch.after()];
                    if (before == null || after == null) {
                        missing.add(ch.path());
                        continue;
                    }
                    for (int k = 0; k < delta.length; k++) delta[k] += after[k] - before[k];
                }
                boolean moved = false;
                Map<String, Long> deltas = new LinkedHashMap<>();
                for (int k = 0; k < delta.length; k++) {
                    deltas.put(probes.get(k).name(), delta[k]);
                    moved |= delta[k] != 0;
                }
                if (!moved && missing.isEmpty()) continue;
                PersonIdent a = v.commit().getAuthorIdent();
                String date = OffsetDateTime.ofInstant(a.getWhenAsInstant(), a.getZoneId()).format(iso);
                out.add(new Attribution(v.commit().name(), a.getName(), date, v.commit().getShortMessage(), deltas, missing));
            }
            return out;
        } catch (MissingObjectException e) {
            throw new InputException(repo + ": error: the history of '" + range + "' needs an object missing from the store: "
                    + e.getObjectId().name() + " (a shallow or partial clone?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
