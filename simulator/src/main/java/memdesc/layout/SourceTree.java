package memdesc.layout;

import memdesc.steps.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A kernel source tree as {@link KernelLayout} reads it: files by path ("include/linux/mm_types.h").
 * A plain directory here; a git repository at a ref is one too (the reports module reads it with JGit).
 */
public interface SourceTree {
    /** How the tree is shown in messages ("~/linux@v6.18"). */
    String name();

    /** The text of a file, or null when the tree has no such file. */
    String read(String path);

    /** The paths of the files (not directories) directly in {@code dir}, or empty. */
    List<String> list(String dir);

    /** A source directory on disk. */
    static SourceTree directory(Path root) {
        if (!Files.isDirectory(root)) throw new InputException(root + ": error: not a directory");
        return new SourceTree() {
            @Override public String name() {
                return root.toString();
            }

            @Override public String read(String path) {
                Path f = root.resolve(path).normalize();
                if (!f.startsWith(root.normalize()) || !Files.isRegularFile(f)) return null;
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return null;
                }
            }

            @Override public List<String> list(String dir) {
                Path d = root.resolve(dir).normalize();
                List<String> out = new ArrayList<>();
                if (!Files.isDirectory(d)) return out;
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isRegularFile).forEach(p -> out.add(dir + "/" + p.getFileName()));
                } catch (IOException e) {
                    return out;
                }
                out.sort(null);
                return out;
            }
        };
    }
}
