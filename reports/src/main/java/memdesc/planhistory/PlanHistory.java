package memdesc.planhistory;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.verify.Check;
import memdesc.verify.Verdict;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code memdesc check --git REPO --range A..B}: CI for the plan itself. Every commit in the range that
 * changed the roadmap file (as {@code git log --reverse A..B -- PATH} lists them) has that version of the
 * file read from the object store, loaded and checked; each gives one row: bisectable, the first bad step
 * and why, or the one-line reason it does not load.
 */
public final class PlanHistory {
    public static final String DEFAULT_PATH = "roadmap.yaml";
    private static final int ABBREV = 12;

    private PlanHistory() {}

    /** What checking one version of the roadmap found. */
    public sealed interface Outcome permits Bisectable, FirstBad, Unloadable {}

    /** Every state builds and passes. */
    public record Bisectable(int states) implements Outcome {}

    /** The first state that does not: its step, index, reason and where the reason points. */
    public record FirstBad(int index, String stepId, String reason, String at) implements Outcome {}

    /** The version does not load (or the commit deleted the file): the loader's one-line error. */
    public record Unloadable(String error) implements Outcome {}

    /** One commit that changed the roadmap file. {@code id} is abbreviated to 12 hex digits. */
    public record Row(String id, String subject, Outcome outcome) {
        public boolean bisectable() {
            return outcome instanceof Bisectable;
        }
    }

    public static List<Row> check(Path repo, String range, String path, Check check) {
        return check(repo, range, path, check, row -> {});
    }

    /**
     * Checks each version of {@code path} (default roadmap.yaml) committed in {@code range}, oldest first,
     * calling {@code onRow} as each is known.
     *
     * @param range {@code A..B} (A or B empty means HEAD), or a single revision for all of its history
     * @throws InputException not a repository, a bad range or an unknown ref: one line
     */
    public static List<Row> check(Path repo, String range, String path, Check check, Consumer<Row> onRow) {
        String file = normalize(path);
        String shown = repo.toString();
        try (Repository r = open(repo); RevWalk walk = new RevWalk(r); ObjectReader reader = r.newObjectReader()) {
            String[] ends = split(range, shown);
            if (ends[0] != null) walk.markUninteresting(walk.parseCommit(resolve(r, ends[0], shown)));
            walk.markStart(walk.parseCommit(resolve(r, ends[1], shown)));
            // git log's default history simplification: a commit is listed when the path differs from its parents
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(file), TreeFilter.ANY_DIFF));
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            walk.sort(RevSort.REVERSE, true);
            walk.setRewriteParents(false);
            List<RevCommit> commits = new ArrayList<>();
            for (RevCommit c : walk) commits.add(c);
            List<Row> rows = new ArrayList<>(commits.size());
            for (RevCommit c : commits) {
                String id = c.abbreviate(ABBREV).name();
                Row row = new Row(id, c.getShortMessage(), outcome(reader, c, id + ":" + file, file, check));
                rows.add(row);
                onRow.accept(row);
            }
            return List.copyOf(rows);
        } catch (MissingObjectException e) {
            throw new InputException(shown + ": error: object " + e.getObjectId().name() + " is missing from the store");
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot read the repository: " + e.getMessage());
        }
    }

    private static Outcome outcome(ObjectReader reader, RevCommit c, String display, String file, Check check) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, file, c.getTree())) {
            if (tw == null || (tw.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK) != org.eclipse.jgit.lib.FileMode.TYPE_FILE)
                return new Unloadable(display + ": error: no such file in this commit (deleted or not a file)");
            byte[] bytes = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
            Check.Result result;
            try {
                Roadmap roadmap = RoadmapLoader.parse(display, bytes);
                result = check.run(roadmap, v -> {});
            } catch (InputException e) {
                return new Unloadable(e.getMessage());
            }
            if (result.bisectable()) return new Bisectable(result.verdicts().size());
            Verdict bad = result.firstBad().orElseThrow();
            return new FirstBad(bad.index(), bad.stepId(), bad.failure(), bad.failureAt());
        }
    }

    /**
     * Prints one line per row and a summary; returns the exit status (0 when every version is bisectable,
     * 1 otherwise, 0 for an empty range: nothing changed the plan).
     */
    public static int print(List<Row> rows, PrintWriter out) {
        for (Row row : rows) out.println(line(row));
        return summary(rows, out);
    }

    /** The summary line alone (for a caller that printed each {@link #line} as it came); the exit status. */
    public static int summary(List<Row> rows, PrintWriter out) {
        long good = rows.stream().filter(Row::bisectable).count();
        if (rows.isEmpty()) out.println("no commit in the range changed the roadmap");
        else out.println(rows.size() + " version" + (rows.size() == 1 ? "" : "s") + " of the roadmap: " + good + " bisectable, "
                + (rows.size() - good) + " not");
        out.flush();
        return good == rows.size() ? 0 : 1;
    }

    /** {@code ID  SUBJECT  VERDICT}: the id and subject as git log --oneline shows them. */
    public static String line(Row row) {
        String verdict;
        if (row.outcome() instanceof Bisectable b) verdict = "bisectable (" + b.states() + " states)";
        else if (row.outcome() instanceof FirstBad f)
            verdict = "first bad: " + f.stepId() + " (state " + f.index() + "): " + f.reason() + (f.at() == null ? "" : " [" + f.at() + "]");
        else verdict = "does not load: " + ((Unloadable) row.outcome()).error();
        return row.id() + "  " + row.subject() + "  " + verdict;
    }

    static String normalize(String path) {
        String p = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
        while (p.startsWith("./")) p = p.substring(2);
        if (p.isEmpty() || p.startsWith("/") || p.endsWith("/") || p.contains("//")
                || List.of(p.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals(".")))
            throw new InputException("memdesc: error: --path '" + path + "' must be a file path relative to the repository's top");
        return p;
    }

    /** [A or null, B]: A..B, A.. (B = HEAD), ..B (A = HEAD), or B alone. */
    static String[] split(String range, String shown) {
        if (range == null || range.isBlank()) throw new InputException(shown + ": error: empty range (use A..B)");
        if (range.contains("...")) throw new InputException(shown + ": error: bad range '" + range + "': use A..B (A excluded, B included)");
        int i = range.indexOf("..");
        if (i < 0) return new String[] {null, range};
        if (range.indexOf("..", i + 2) >= 0) throw new InputException(shown + ": error: bad range '" + range + "': use A..B");
        String a = range.substring(0, i), b = range.substring(i + 2);
        return new String[] {a.isEmpty() ? Constants.HEAD : a, b.isEmpty() ? Constants.HEAD : b};
    }

    private static ObjectId resolve(Repository r, String ref, String shown) throws IOException {
        if (ref.isEmpty() || ref.startsWith("-")) throw new InputException(shown + ": error: unknown ref '" + ref + "'");
        try {
            ObjectId id = r.resolve(ref + "^{commit}");
            if (id == null) throw new InputException(shown + ": error: unknown ref '" + ref + "'");
            return id;
        } catch (RevisionSyntaxException | AmbiguousObjectException | IncorrectObjectTypeException e) {
            throw new InputException(shown + ": error: unknown ref '" + ref + "'");
        }
    }

    /** A work tree (with .git) or a git dir, bare or not. */
    private static Repository open(Path path) {
        String shown = path.toString();
        File dir = path.toFile();
        if (!dir.isDirectory()) throw new InputException(shown + ": error: not a git repository");
        FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
        if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) b.setGitDir(dir);
        else if (new File(dir, Constants.DOT_GIT).exists()) b.setWorkTree(dir);
        else throw new InputException(shown + ": error: not a git repository");
        try {
            return b.build();
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw new InputException(shown + ": error: not a git repository");
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot open the repository: " + e.getMessage());
        }
    }
}
