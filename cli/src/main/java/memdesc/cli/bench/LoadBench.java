package memdesc.cli.bench;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code memdesc bench load}: how fast the strict loader reads a roadmap and folds its states, on a
 * generated roadmap of a chosen size (the real one is a few dozen steps; this shows the headroom).
 */
@Command(name = "load", description = "Time loading (parse + bind + checks) and folding a generated roadmap.")
public final class LoadBench implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "2000", description = "steps in the generated roadmap (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--rounds", defaultValue = "20", description = "timed loads (default ${DEFAULT-VALUE})")
    int rounds;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        byte[] yaml = generate(steps).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) RoadmapLoader.parse("bench.yaml", yaml).states(); // warm up the JIT
        long t0 = System.nanoTime();
        Roadmap r = null;
        for (int i = 0; i < rounds; i++) r = RoadmapLoader.parse("bench.yaml", yaml);
        long load = System.nanoTime() - t0;
        t0 = System.nanoTime();
        int states = 0;
        for (int i = 0; i < rounds; i++) states = r.states().size();
        long fold = System.nanoTime() - t0;
        double loadMs = load / 1e6 / rounds, foldMs = fold / 1e6 / rounds;
        out.printf("load: %d bytes, %d steps, %d rounds: %.2f ms per load, %.1f MB/s, %.0f steps/s%n",
                yaml.length, r.steps().size(), rounds, loadMs, yaml.length / 1e6 / (loadMs / 1e3), r.steps().size() / (loadMs / 1e3));
        out.printf("fold: %d states, %d rounds: %.2f ms per fold, %.0f states/s%n",
                states, rounds, foldMs, states / (foldMs / 1e3));
        out.flush();
        return 0;
    }

    /** A valid roadmap: n steps, each converting one user from page.m to folio.m and removing page.m. */
    static String generate(int n) {
        int users = Math.max(1, n);
        StringBuilder page = new StringBuilder("struct page {\n"), folio = new StringBuilder("struct folio {\n");
        for (int i = 0; i < users; i++) {
            page.append("\tunsigned long m").append(i).append(";\n");
            folio.append("\tunsigned long m").append(i).append(";\n");
        }
        page.append("};\n");
        folio.append("};\n");
        StringBuilder b = new StringBuilder("name: bench\nphases:\n  - {id: p, title: P}\nbaseline:\n  title: b\n"
                + "  source: {seed: s.txt, section: S}\n  structs:\n");
        b.append("    page: |\n").append(page.toString().indent(6));
        b.append("    folio: |\n").append(folio.toString().indent(6));
        b.append("  users:\n");
        for (int i = 0; i < users; i++)
            b.append("    u").append(i).append(": {file: mm/u").append(i).append(".c, title: user ").append(i)
                    .append(", accesses: [page.m").append(i).append(", page.m").append((i + 1) % users).append("]}\n");
        b.append("steps:\n");
        for (int i = 0; i < n; i++) {
            b.append("  - id: s").append(i).append("\n    title: convert user ").append(i).append("\n    phase: p\n");
            if (i > 0) b.append("    requires: [s").append(i - 1).append("]\n");
            b.append("    source: {seed: s.txt, section: S}\n    changes:\n");
            b.append("      - convert: {users: [u").append(i).append("], from: page.m").append(i).append(", to: folio.m").append(i).append("}\n");
            b.append("    expect: {sizes: {folio: ").append(8 * users).append("}}\n");
        }
        return b.toString();
    }
}
