package memdesc.git;

import memdesc.steps.InputException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.FS;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The object store side: opening a repository, resolving refs, indexing the counted blobs of trees
 * (each (path, tree id) read once), and counting blobs in parallel (each blob id read once).
 */
final class Store implements AutoCloseable {
    final Repository repo;
    final String shown;
    private final PathGlob filter;
    /** A linked worktree's own HEAD (a ref name or an id), or null. */
    private String head;

    /** Blob table: every distinct blob to count, by index. */
    final List<ObjectId> blobs = new ArrayList<>();
    /** A path each blob was first seen at (for error messages). */
    final List<String> blobPaths = new ArrayList<>();
    private final Map<ObjectId, Integer> blobIndex = new HashMap<>();
    private final Map<TreeKey, Node> trees = new HashMap<>();

    private record TreeKey(ObjectId tree, String path) { }

    /** A tree at a path: its counted files (blob indexes and paths), its subtrees, trees it could not read. */
    record Node(String dir, int[] blobs, String[] paths, Node[] subs, List<String[]> missingTrees) { }

    /**
     * JGit's pack caches, sized for reading whole kernel releases: its defaults (10 MiB of pack
     * windows, 10 MiB of delta bases) re-inflate the same delta bases over and over. Installed once
     * per JVM; MEMDESC_JGIT_CACHE_MB sets the delta-base cache (0 keeps JGit's defaults).
     */
    private static final boolean CACHES = installCaches();

    private static boolean installCaches() {
        long mb = 96;
        String env = System.getenv("MEMDESC_JGIT_CACHE_MB");
        if (env != null) {
            try {
                mb = Long.parseLong(env.trim());
            } catch (NumberFormatException e) {
                mb = 96;
            }
        }
        if (mb <= 0) return false;
        long heap = Runtime.getRuntime().maxMemory();
        long base = Math.min(mb << 20, heap / 8);
        org.eclipse.jgit.storage.file.WindowCacheConfig c = new org.eclipse.jgit.storage.file.WindowCacheConfig();
        c.setDeltaBaseCacheLimit((int) Math.min(Integer.MAX_VALUE, base));
        c.setPackedGitLimit(Math.min(512L << 20, heap / 4));
        c.setPackedGitWindowSize(64 * 1024);
        c.setPackedGitMMAP(true);
        c.setStreamFileThreshold((int) Math.min(Integer.MAX_VALUE, Math.max(50L << 20, heap / 16)));
        c.install();
        return true;
    }

    private Store(Repository repo, String shown, PathGlob filter) {
        this.repo = repo;
        this.shown = shown;
        this.filter = filter;
    }

    /**
     * Opens a work tree (with a .git dir, or a .git file as in submodules and linked worktrees) or a
     * git dir (bare or not); anything else is bad input. JGit 6 does not read linked worktrees
     * ({@code git worktree add}): we open their common dir and resolve HEAD from the worktree's own HEAD.
     */
    static Store open(Path path, PathGlob filter) {
        String shown = path.toString();
        File dir = path.toFile();
        if (!dir.isDirectory()) throw new InputException(shown + ": error: not a git repository");
        try {
            File gitDir = dir;
            File dotGit = new File(dir, Constants.DOT_GIT);
            if (dotGit.isDirectory()) {
                gitDir = dotGit;
            } else if (dotGit.isFile()) {
                String link = java.nio.file.Files.readString(dotGit.toPath()).trim();
                if (!link.startsWith("gitdir:")) throw new InputException(shown + ": error: not a git repository");
                gitDir = dir.toPath().resolve(link.substring("gitdir:".length()).trim()).normalize().toFile();
            }
            String head = null;
            File common = new File(gitDir, "commondir");
            if (common.isFile()) {
                head = java.nio.file.Files.readString(new File(gitDir, Constants.HEAD).toPath()).trim();
                if (head.startsWith("ref:")) head = head.substring(4).trim();
                gitDir = gitDir.toPath().resolve(java.nio.file.Files.readString(common.toPath()).trim()).normalize().toFile();
            }
            if (!RepositoryCache.FileKey.isGitRepository(gitDir, FS.DETECTED)) {
                throw new InputException(shown + ": error: not a git repository");
            }
            if (!CACHES) { /* JGit's own cache sizes */ }
            Store store = new Store(new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build(), shown, filter);
            store.head = head;
            String badConfig = badConfig(store.repo.getConfig());
            if (badConfig != null) {
                store.close();
                throw new InputException(shown + ": error: " + new File(gitDir, "config") + ": " + badConfig);
            }
            // damage is refused before anything is counted: counts from a store with a garbage pack or a
            // broken alternate could silently leave objects out (git itself only prints errors and goes on)
            String damage = store.damage();
            if (damage != null) {
                store.close();
                throw new InputException(shown + ": error: " + damage);
            }
            return store;
        } catch (RepositoryNotFoundException | IllegalArgumentException e) {
            throw new InputException(shown + ": error: not a git repository");
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot open the repository: " + e.getMessage());
        }
    }

    @Override public void close() {
        repo.close();
    }

    /** The object {@code ref} names, peeled to {@code kind} ("tree" or "commit"). */
    ObjectId resolve(String ref, String kind) {
        if (ref.isEmpty() || ref.startsWith("-")) throw new InputException(shown + ": error: unknown ref '" + ref + "'");
        String expr = ref;
        if (head != null && ref.startsWith(Constants.HEAD)
                && (ref.length() == 4 || "~^@".indexOf(ref.charAt(4)) >= 0)) expr = head + ref.substring(4);
        try {
            ObjectId id;
            try {
                id = repo.resolve(expr + "^{" + kind + "}");
            } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                id = null;
            }
            if (id == null) {
                ObjectId bare = repo.resolve(expr);
                if (bare != null) {
                    String type;
                    try (ObjectReader r = repo.newObjectReader()) {
                        type = Constants.typeString(r.open(bare).getType());
                    }
                    throw new InputException(shown + ": error: ref '" + ref + "' names a " + type + ", not a "
                            + (kind.equals("tree") ? "commit or tree" : "commit"));
                }
                throw new InputException(shown + ": error: unknown ref '" + ref + "'");
            }
            return id;
        } catch (RevisionSyntaxException | org.eclipse.jgit.errors.AmbiguousObjectException e) {
            throw new InputException(shown + ": error: unknown ref '" + ref + "'");
        } catch (MissingObjectException e) {
            String damage = damage();
            throw new InputException(shown + ": error: " + (damage != null ? damage + " (ref '" + ref + "' cannot be read)"
                    : "ref '" + ref + "' names an object missing from the store: " + e.getObjectId().name()));
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot resolve '" + ref + "': " + Errors.describe(e));
        }
    }

    /**
     * Damage that makes objects look missing, or null: a pack JGit refused (truncated, corrupt, not
     * matching its index) or an alternate object directory that does not exist.
     */
    String damage() {
        try {
            if (!(repo.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od)) return null;
            java.util.Set<String> good = new java.util.HashSet<>();
            for (var pack : od.getPacks()) good.add(pack.getPackFile().getName());
            File packDir = new File(od.getDirectory(), "pack");
            String[] names = packDir.list();
            if (names != null) {
                java.util.Arrays.sort(names);
                for (String n : names) {
                    File idx = new File(packDir, n.substring(0, n.length() - 5) + ".idx");
                    if (n.endsWith(".pack") && idx.isFile() && (!good.contains(n) || !trailerMatches(new File(packDir, n), idx))) {
                        return "damaged pack " + new File(packDir, n) + " (truncated, corrupt or not matching its index)";
                    }
                }
            }
            String alt = alternates(od.getDirectory(), new java.util.ArrayList<>());
            if (alt != null) return alt;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Keys of [core] JGit reads as booleans or integers, lazily: a bad value would throw later, unchecked. */
    private static final String[] CORE_BOOLEANS = {"bare", "filemode", "logallrefupdates", "symlinks", "ignorecase",
        "precomposeunicode", "trustfolderstat", "supportsatomicfilecreation", "commitgraph"};
    private static final String[] CORE_INTS = {"repositoryformatversion", "compression", "packindexversion", "streamfilethreshold"};

    /** What is wrong in the repository's configuration (a value JGit cannot parse), or null. */
    private static String badConfig(org.eclipse.jgit.lib.Config cfg) {
        try {
            for (String k : CORE_BOOLEANS) cfg.getBoolean("core", k, false);
            for (String k : CORE_INTS) cfg.getLong("core", k, 0);
            cfg.get(org.eclipse.jgit.lib.CoreConfig.KEY);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() == null ? "a value JGit cannot parse" : e.getMessage().lines().findFirst().orElse("");
        }
    }

    /**
     * A broken alternate of the object directory {@code objects} (followed through the alternates' own
     * alternates), or null: one that does not exist, or one that leads back to a directory already on the
     * chain (itself, or a loop through another), which git would follow without end or silently ignore.
     */
    private static String alternates(File objects, List<String> chain) throws IOException {
        String self = objects.getCanonicalPath();
        chain.add(self);
        File alt = new File(objects, "info/alternates");
        if (!alt.isFile()) return null;
        if (chain.size() > 16) return "alternates of " + chain.get(0) + " chained more than 16 deep, at " + alt;
        for (String line : memdesc.steps.InputFile.read(alt.toPath(), alt.toString(), 1 << 20, "alternates file").split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) continue;
            File d = new File(l).isAbsolute() ? new File(l) : new File(objects, l);
            if (!d.isDirectory()) return "broken alternate in " + alt + ": " + l + " does not exist";
            String c = d.getCanonicalPath();
            if (chain.contains(c)) {
                return "broken alternate in " + alt + ": " + l + (c.equals(self) ? " is this object directory itself"
                        : " leads back to " + c + " (a loop of alternates)");
            }
            String deeper = alternates(d, chain);
            if (deeper != null) return deeper;
            chain.remove(chain.size() - 1);
        }
        return null;
    }

    /** Whether a pack ends with the checksum its index records (a truncated pack does not). */
    private static boolean trailerMatches(File pack, File idx) {
        try (var p = new java.io.RandomAccessFile(pack, "r"); var x = new java.io.RandomAccessFile(idx, "r")) {
            if (p.length() < 32 || x.length() < 40) return false;
            byte[] a = new byte[20], b = new byte[20];
            p.seek(p.length() - 20);
            p.readFully(a);
            x.seek(x.length() - 40);
            x.readFully(b);
            return java.util.Arrays.equals(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Index of a blob in the table, adding it when new. */
    /** {@link #blob(AnyObjectId, String)} when no path is at hand (error messages then name the id only). */
    int blob(AnyObjectId id) {
        return blob(id, "?");
    }

    int blob(AnyObjectId id, String path) {
        Integer i = blobIndex.get(id);
        if (i != null) return i;
        ObjectId copy = id.copy();
        blobIndex.put(copy, blobs.size());
        blobs.add(copy);
        blobPaths.add(path);
        return blobs.size() - 1;
    }

    boolean counted(String path, FileMode mode) {
        // git grep reads regular files only (not symlinks, not submodules)
        return (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) && filter.matches(path);
    }

    /** The counted files under {@code tree}; a (tree, path) seen before, in any ref, is not read again. */
    Node index(ObjectReader reader, ObjectId tree, String prefix) {
        TreeKey key = new TreeKey(tree, prefix);
        Node cached = trees.get(key);
        if (cached != null) return cached;
        List<Integer> ids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<Node> subs = new ArrayList<>();
        List<String[]> missing = new ArrayList<>();
        try {
            CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
            for (; !p.eof(); p.next()) {
                FileMode mode = p.getEntryFileMode();
                String path = prefix.isEmpty() ? p.getEntryPathString() : prefix + "/" + p.getEntryPathString();
                if (mode == FileMode.TREE) {
                    subs.add(index(reader, p.getEntryObjectId(), path));
                } else if (counted(path, mode)) {
                    ids.add(blob(p.getEntryObjectId(), path));
                    paths.add(path);
                }
            }
        } catch (MissingObjectException e) { // a missing tree (partial clone): report it, count the rest
            String damage = damage();
            if (damage != null) throw new InputException(shown + ": error: " + damage + " (tree " + tree.name() + ", " + prefix + "/)");
            missing.add(new String[] {prefix + "/", tree.name()});
        } catch (IOException | RuntimeException e) {
            throw new InputException(shown + ": error: cannot read tree " + tree.name() + " (" + prefix + "/): " + Errors.describe(e));
        }
        Node n = new Node(prefix, ids.stream().mapToInt(Integer::intValue).toArray(), paths.toArray(String[]::new),
                subs.toArray(Node[]::new), missing);
        trees.put(key, n);
        return n;
    }

    /**
     * Counts every blob of the table with all probes, both ways ({@link LineCounter#countBoth}): blobs
     * the cache knows are not read; the others on {@code threads} threads, each with its own
     * ObjectReader (they are not thread-safe). Result i is null when blob i is missing.
     *
     * @throws InputException a corrupt or unreadable object (one line naming it and a path)
     */
    int[][] countAll(LineCounter.Compiled[] probes, int threads, BlobCache cache, java.util.function.Consumer<String> status) {
        int n = blobs.size();
        int[][] result = new int[n][];
        int[] todo = new int[n];
        int t0 = 0;
        for (int i = 0; i < n; i++) {
            int[] c = cache == null ? null : cache.get(blobs.get(i));
            if (c != null) result[i] = c;
            else todo[t0++] = i;
        }
        final int todoN = t0;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int workers = Math.max(1, Math.min(threads, todoN));
        Runnable work = () -> {
            try (ObjectReader reader = repo.newObjectReader()) {
                LineCounter counter = new LineCounter(probes);
                for (int j = next.getAndIncrement(); j < todoN && failure.get() == null; j = next.getAndIncrement()) {
                    int i = todo[j];
                    byte[] data = read(reader, i);
                    if (data != null) result[i] = counter.countBoth(data, data.length);
                    done.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] ts = new Thread[workers];
        for (int t = 0; t < workers; t++) {
            // deep stacks even for one worker: java.util.regex recurses per repetition on long lines
            ts[t] = new Thread(null, work, "memdesc-progress-" + t, 64L << 20);
            ts[t].start();
        }
        for (Thread t : ts) {
            try {
                while (t.isAlive()) {
                    t.join(250);
                    if (status != null && t.isAlive()) {
                        status.accept("read " + done.get() + " of " + todoN + " new blobs (" + (n - todoN) + " cached)");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while counting", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
        if (cache != null) {
            List<ObjectId> ids = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            for (int j = 0; j < todoN; j++) {
                if (result[todo[j]] != null) {
                    ids.add(blobs.get(todo[j]));
                    counts.add(result[todo[j]]);
                }
            }
            cache.add(ids, counts);
        }
        return result;
    }

    /** Every blob counted as {@code git grep -c} does (the first half of countBoth), no cache, no status. */
    int[][] countAll(LineCounter.Compiled[] probes, int threads) {
        int[][] both = countAll(probes, threads, null, null);
        int n = probes.length;
        int[][] out = new int[both.length][];
        for (int i = 0; i < both.length; i++) if (both[i] != null) out[i] = java.util.Arrays.copyOf(both[i], n);
        return out;
    }

    /** Blob i's bytes; null when it is missing from the store (a partial clone, an import that lacks it). */
    byte[] read(ObjectReader reader, int i) {
        ObjectId id = blobs.get(i);
        try {
            return reader.open(id, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        } catch (MissingObjectException e) {
            String damage = damage();
            if (damage != null) throw new InputException(shown + ": error: " + damage + " (blob " + id.name() + ", " + blobPaths.get(i) + ")");
            return null;
        } catch (org.eclipse.jgit.errors.LargeObjectException e) {
            throw new InputException(shown + ": error: blob " + id.name() + " (" + blobPaths.get(i)
                    + ") is too large to read into memory");
        } catch (IOException | RuntimeException e) {
            throw new InputException(shown + ": error: cannot read blob " + id.name() + " (" + blobPaths.get(i)
                    + "): " + Errors.describe(e));
        }
    }
}
