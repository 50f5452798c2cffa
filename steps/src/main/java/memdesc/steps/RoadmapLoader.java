package memdesc.steps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads roadmap.yaml strictly (docs/roadmap-language.md): any problem is an {@link InputException} with one line
 * {@code file:line:col: error: ...} naming the offending token, where {@code file} is the name the user
 * gave. Reading is bounded: the size is checked before reading, the text is checked to be UTF-8, and
 * anchors, aliases, tags and deep nesting are refused, so no input can exhaust memory or the stack.
 */
public final class RoadmapLoader {
    /** Largest roadmap accepted; the real one is tens of KiB. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    /** The classpath resource that holds the roadmap shipped in the jar. */
    public static final String BUNDLED = "/roadmap.yaml";

    private RoadmapLoader() {}

    /** Loads a roadmap file; {@code file} is shown in messages as given. */
    public static Roadmap load(Path file) {
        return load(file, file.toString());
    }

    /** Loads a roadmap file, naming it {@code name} in messages (the path as the user typed it). */
    public static Roadmap load(Path file, String name) {
        return new Binder().bind(name, tree(file, name, null, 0));
    }

    /**
     * A roadmap file's YAML tree, a variant's ({@code extends:}) merged over its base. {@code from} is
     * where a variant named this file (its errors are located there), null for the file the user named.
     */
    static YamlNode tree(Path file, String name, Loc from, int depth) {
        String where = from == null ? name + ": error: " : from.error("the base roadmap " + name + ": ");
        if (Files.isDirectory(file)) throw new InputException(where + "is a directory, not a roadmap file");
        try {
            if (!Files.exists(file)) throw new InputException(where + "no such file");
            long size = Files.size(file);
            if (size > MAX_BYTES) throw tooLarge(name, size);
            byte[] bytes;
            try (InputStream in = java.nio.channels.Channels.newInputStream(InputFile.open(file, name, "roadmap"))) {
                bytes = in.readNBytes((int) MAX_BYTES + 1); // the file may grow between size() and read
            }
            return tree(name, bytes, file.toAbsolutePath().getParent(), depth);
        } catch (NoSuchFileException e) {
            throw new InputException(where + "no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(where + "permission denied");
        } catch (IOException e) {
            throw new InputException(where + "cannot read: " + e.getMessage());
        }
    }

    /**
     * A roadmap file's text as one stand-alone roadmap: the file itself, or for a variant ({@code extends:})
     * the base's lines with the variant's spliced in (see Variant.flatten). Loads to the same roadmap.
     */
    public static String flatten(Path file) {
        return Variant.flatten(file, 0);
    }

    /** Parses roadmap text; {@code displayName} names it in messages. A variant cannot be read this way. */
    public static Roadmap parse(String displayName, byte[] bytes) {
        return new Binder().bind(displayName, tree(displayName, bytes, null, 0));
    }

    private static YamlNode tree(String displayName, byte[] bytes, Path dir, int depth) {
        if (bytes.length > MAX_BYTES) throw tooLarge(displayName, bytes.length);
        String text = decode(displayName, bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a BOM is not content
        YamlNode root = YamlReader.read(displayName, text, YamlReader.factory((int) MAX_BYTES + 1));
        if (root == null || root instanceof YamlNode.Scalar s && s.isNull())
            throw InputException.at(displayName, 1, 1, "empty roadmap (no YAML document in it)");
        return Variant.isVariant(root) ? Variant.merge((YamlNode.Mapping) root, dir, depth) : root;
    }

    /** The roadmap shipped in the jar (the repository's roadmap.yaml at build time). */
    public static Roadmap bundled() {
        // read once per process: the resource cannot change, a Roadmap is immutable, and an in-process caller
        // (the tests, a benchmark) asking for it thousands of times would parse it each time
        Roadmap r = bundledOnce;
        if (r == null) bundledOnce = r = bundled(BUNDLED);
        return r;
    }

    private static volatile Roadmap bundledOnce;

    /** A roadmap from a classpath resource, named {@code (bundled)/path} in messages. */
    static Roadmap bundled(String resource) {
        try (InputStream in = RoadmapLoader.class.getResourceAsStream(resource)) {
            if (in == null) throw new InputException("memdesc: error: no " + resource + " in this build of memdesc");
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            return parse("(bundled)" + resource, bytes);
        } catch (IOException e) {
            throw new InputException("memdesc: error: cannot read the bundled " + resource + ": " + e.getMessage());
        }
    }

    private static InputException tooLarge(String name, long size) {
        return new InputException(name + ": error: file is " + size + " bytes, larger than the limit of "
                + MAX_BYTES + " bytes (4 MiB) for a roadmap");
    }

    private static String decode(String name, byte[] bytes) {
        return InputFile.decode(name, bytes);
    }
}
