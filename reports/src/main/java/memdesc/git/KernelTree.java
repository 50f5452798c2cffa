package memdesc.git;

import memdesc.layout.SourceTree;
import memdesc.steps.InputException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --kernel PATH[@REF]}: a kernel git repository (bare or not) at a ref, read with JGit without a
 * checkout, or a plain source directory. Each tree object is read once per ref; blobs on demand.
 */
public final class KernelTree implements SourceTree, AutoCloseable {
    private final Store store;
    private final String shown;
    private final ObjectId root;
    private final ObjectReader reader;
    /** Directory path ("" is the root) -> entries: name -> {id, isTree}. */
    private final Map<String, Map<String, Object[]>> dirs = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    private KernelTree(Store store, String shown, ObjectId root) {
        this.store = store;
        this.shown = shown;
        this.root = root;
        this.reader = store.repo.newObjectReader();
    }

    /**
     * Opens {@code spec} ({@code PATH} or {@code PATH@REF}, relative to {@code cwd}). A git repository
     * without {@code @REF} is read at HEAD; a directory that is not a repository is a source tree
     * (and takes no ref).
     */
    public static SourceTree open(String spec, Path cwd) {
        int at = spec.lastIndexOf('@');
        String path = at > 0 ? spec.substring(0, at) : spec;
        String ref = at > 0 ? spec.substring(at + 1) : null;
        if (path.startsWith("~/")) path = System.getProperty("user.home") + path.substring(1);
        Path p = cwd.resolve(path).normalize();
        if (!Files.isDirectory(p)) throw new InputException("--kernel " + spec + ": error: no such directory");
        boolean git = Files.exists(p.resolve(Constants.DOT_GIT)) || (Files.isDirectory(p.resolve("objects")) && Files.isRegularFile(p.resolve("HEAD")));
        if (!git) {
            if (ref != null) throw new InputException("--kernel " + spec + ": error: " + path + " is not a git repository, so it takes no @REF");
            return SourceTree.directory(p);
        }
        Store s = Store.open(p, PathGlob.of(List.of("*")));
        try {
            String r = ref == null ? Constants.HEAD : ref;
            return new KernelTree(s, path + "@" + r, s.resolve(r, "tree"));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Whether {@code ref} names a tree in the repository (a status claim's release is checked only there). */
    public static boolean hasRef(Path repo, String ref) {
        try (KernelTree t = (KernelTree) open(repo, ref)) {
            return t != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** The refs a spec's repository should be read at: each a tree of its own (for {@code position}). */
    public static SourceTree open(Path repo, String ref) {
        Store s = Store.open(repo, PathGlob.of(List.of("*")));
        try {
            return new KernelTree(s, repo + "@" + ref, s.resolve(ref, "tree"));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override public String name() {
        return shown;
    }

    private synchronized Map<String, Object[]> dir(String path) {
        Map<String, Object[]> d = dirs.get(path);
        if (d != null) return d;
        ObjectId id;
        if (path.isEmpty()) {
            id = root;
        } else {
            int slash = path.lastIndexOf('/');
            Map<String, Object[]> parent = dir(slash < 0 ? "" : path.substring(0, slash));
            Object[] e = parent == null ? null : parent.get(path.substring(slash + 1));
            if (e == null || !(Boolean) e[1]) {
                dirs.put(path, null);
                return null;
            }
            id = (ObjectId) e[0];
        }
        d = new HashMap<>();
        try {
            CanonicalTreeParser p = new CanonicalTreeParser(null, reader, id);
            while (!p.eof()) {
                FileMode m = p.getEntryFileMode();
                boolean tree = m == FileMode.TREE;
                if (tree || m == FileMode.REGULAR_FILE || m == FileMode.EXECUTABLE_FILE) {
                    d.put(p.getEntryPathString(), new Object[] {p.getEntryObjectId(), tree});
                }
                p.next();
            }
        } catch (IOException e) {
            d = null; // a tree missing from the store: its files read as absent
        }
        dirs.put(path, d);
        return d;
    }

    @Override public synchronized String read(String path) {
        if (texts.containsKey(path)) return texts.get(path);
        int slash = path.lastIndexOf('/');
        Map<String, Object[]> d = dir(slash < 0 ? "" : path.substring(0, slash));
        Object[] e = d == null ? null : d.get(path.substring(slash + 1));
        String text = null;
        if (e != null && !(Boolean) e[1]) {
            try {
                text = new String(reader.open((ObjectId) e[0], Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                text = null;
            }
        }
        texts.put(path, text);
        return text;
    }

    @Override public List<String> list(String dir) {
        Map<String, Object[]> d = dir(dir);
        List<String> out = new ArrayList<>();
        if (d == null) return out;
        for (Map.Entry<String, Object[]> e : d.entrySet()) if (!(Boolean) e.getValue()[1]) out.add(dir + "/" + e.getKey());
        out.sort(null);
        return out;
    }

    @Override public void close() {
        reader.close();
        store.close();
    }
}
