package memdesc.cli;

import memdesc.build.KernelBaseline;
import memdesc.layout.SourceTree;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code --kernel PATH[@REF]} and {@code --config FILE} on the commands that build states (check, build,
 * show, run, bisect, cost, deps, independence, walk, mutate, compare, diff): the baseline's structs come from that kernel tree, read as {@code layout --kernel}
 * reads it ({@link KernelBaseline}). What the tree changes against the roadmap's text goes to stderr.
 */
final class KernelOption {
    @Option(names = "--kernel", paramLabel = "PATH[@REF]",
            description = "Take the baseline's structs from a kernel tree (a git repository at REF, default HEAD, or a source directory), "
                    + "as layout --kernel reads them; what differs from the roadmap's text is printed on stderr.")
    String kernel;

    @Option(names = "--config", paramLabel = "FILE", description = "With --kernel: the kernel .config (default: a documented x86_64 set).")
    Path config;

    /** The roadmap, with its baseline from the tree when --kernel is given; notes, facts and warnings on {@code err}. */
    Roadmap apply(Roadmap r, PrintWriter err, String command) {
        KernelBaseline.Result k = read(r, err, command);
        return k == null ? r : k.roadmap();
    }

    /** The tree's baseline for {@code r} (null without --kernel), its notes, facts and warnings said on {@code err}. */
    KernelBaseline.Result read(Roadmap r, PrintWriter err, String command) {
        if (kernel == null) {
            if (config != null) throw new memdesc.steps.InputException("memdesc " + command + ": --config goes with --kernel");
            return null;
        }
        SourceTree t = KernelInput.tree(kernel);
        KernelBaseline.Result k;
        try {
            k = KernelBaseline.from(r, t, KernelInput.config(config));
        } finally {
            if (t instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // read-only
                }
            }
        }
        for (String n : k.notes()) err.println("memdesc " + command + ": --kernel: " + n);
        for (String f : k.facts()) err.println("memdesc " + command + ": fact: " + f);
        for (String w : k.warnings()) err.println(w);
        err.flush();
        return k;
    }
}
