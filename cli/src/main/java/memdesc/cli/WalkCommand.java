package memdesc.cli;

import memdesc.delta.StateDelta;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code memdesc walk [ROADMAP]}: the whole roadmap as the sequence of its steps' deltas, one screen a
 * step. On a terminal it goes through a pager ($PAGER, else less) with colour; piped, it is plain text.
 */
@Command(name = "walk", mixinStandardHelpOptions = true,
        description = {"Step through the roadmap: every step's delta (what show STEP --diff prints), first to last.",
                "On a terminal the output goes through $PAGER (default: less -R) with colour, a page per step;"
                        + " piped or redirected it is plain text, each step under a rule line (== N/M ====)."})
final class WalkCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", hidden = true, paramLabel = "ROADMAP", description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--no-pager", description = "write to standard output even on a terminal")
    boolean noPager;

    @Mixin DeltaOptions delta;

    @Spec CommandSpec spec;

    @Override public Integer call() throws IOException, InterruptedException {
        delta.checkFormat();
        Roadmap r = kernelOption.apply(roadmapOption.load(roadmap), spec.commandLine().getErr(), "walk");
        List<StateDelta> ds = StateDelta.walk(r, delta.populations());
        boolean text = delta.format.equals("text");
        StringBuilder b = new StringBuilder();
        if (text) {
            int w = DeltaOptions.width();
            for (StateDelta d : ds) {
                String rule = "== " + d.to().index() + "/" + ds.size() + " ";
                b.append(b.length() == 0 ? "" : "\n").append(rule).append("=".repeat(Math.max(3, Math.min(80, w) - rule.length())))
                        .append('\n').append(delta.render(List.of(d)));
            }
        } else {
            b.append(delta.render(ds));
        }
        boolean terminal = Width.terminal(1) && !noPager;
        if (!terminal) {
            spec.commandLine().getOut().print(b);
            spec.commandLine().getOut().flush();
            return 0;
        }
        return page(text ? colour(b.toString()) : b.toString());
    }

    /** Bold headings, red removals, green additions: only for a terminal. */
    static String colour(String s) {
        StringBuilder o = new StringBuilder(s.length() + 1024);
        for (String line : s.split("\n", -1)) {
            String c = line.startsWith("== ") || line.startsWith("struct ") || line.matches("^[a-z0-9-]+ \\(step \\d+\\):.*") || line.endsWith(":") ? "\033[1m"
                    : line.startsWith("  - ") ? "\033[31m" : line.startsWith("  + ") ? "\033[32m" : line.startsWith("  > ") ? "\033[33m" : null;
            o.append(c == null ? line : c + line + "\033[0m").append('\n');
        }
        o.setLength(o.length() - 1);
        return o.toString();
    }

    /** Through the user's pager, as git does; without one (or if it cannot start), straight out. */
    private int page(String s) throws IOException, InterruptedException {
        String pager = System.getenv("PAGER");
        if (pager == null || pager.isBlank()) pager = "less";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", pager).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE);
        if (System.getenv("LESS") == null) pb.environment().put("LESS", "FRX");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            spec.commandLine().getOut().print(s);
            spec.commandLine().getOut().flush();
            return 0;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the reader quit the pager early: not an error
        }
        p.waitFor();
        return 0;
    }
}
