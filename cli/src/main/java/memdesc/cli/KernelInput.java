package memdesc.cli;

import memdesc.git.KernelTree;
import memdesc.layout.Abi;
import memdesc.layout.KernelLayout;
import memdesc.layout.LayoutFormat;
import memdesc.layout.SourceTree;

import java.nio.file.Path;
import java.util.List;

/** {@code --kernel PATH[@REF]} and {@code --config FILE}, shared by the commands that lay out structs. */
final class KernelInput {
    private KernelInput() { }

    static SourceTree tree(String spec) {
        return KernelTree.open(spec, Main.cwd());
    }

    static String config(Path file) {
        return file == null ? null : LayoutCommand.read(Main.cwd().resolve(file), file);
    }

    static KernelLayout.Result layout(String spec, Path config, List<String> structs, Abi abi) {
        SourceTree t = tree(spec);
        try {
            return KernelLayout.layout(t, structs, abi, config(config));
        } finally {
            if (t instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // read-only: nothing to lose
                }
            }
        }
    }

    /** Each struct with the header it was read from (pahole infers attributes from it). */
    static String render(KernelLayout.Result r, LayoutFormat.Style style, boolean reorganize) {
        if (style == LayoutFormat.Style.JSON) {
            return LayoutFormat.json(r.structs().stream().map(KernelLayout.Entry::layout).toList());
        }
        StringBuilder b = new StringBuilder();
        for (KernelLayout.Entry e : r.structs()) {
            if (b.length() > 0) b.append('\n');
            b.append(LayoutFormat.render(e.header(), List.of(e.layout()), style, reorganize));
        }
        return b.toString();
    }
}
