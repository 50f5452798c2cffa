package memdesc.cli;

import memdesc.build.BuildCheck;
import memdesc.cc.GccBackend;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code memdesc build}: a state through the layout engine and, with --cc, through a real C compiler. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build a state (or every state) with the layout engine; with --cc, also emit it as C "
                + "(include/linux/mm_types.h, one file per user, static asserts for every size, offset, expect and "
                + "the memdesc type table) and compile it. Prints both verdicts per state.",
                "Exit status: 0 every state builds and both agree, 1 a state fails or the verdicts differ, 2 bad input."})
final class BuildCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STEP", description = "a step id or number, 0 for the baseline (default: every state)")
    String step;

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--cc", paramLabel = "COMPILER", description = "Also compile each state with this C compiler (gcc, clang, cc).")
    String cc;

    @Option(names = "--keep", paramLabel = "DIR", description = "Write the C of each state under DIR/NN-ID and keep it (default: a temporary directory, removed).")
    Path keep;

    @picocli.CommandLine.Mixin FormatOption format;

    @Override public Integer call() throws IOException, InterruptedException {
        if (keep != null && cc == null) throw new InputException("error: --keep keeps the emitted C: it needs --cc");
        if (cc != null && !onPath(cc)) throw new InputException("error: --cc " + cc + ": no such compiler on PATH");
        Roadmap r = kernelOption.apply(roadmapOption.load(), spec.commandLine().getErr(), "build");
        List<State> states = r.states();
        List<State> chosen = step == null ? states : List.of(states.get(r.resolve(step)));
        PrintWriter out = format.json() ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        List<Object> json = new ArrayList<>();
        int w = Verifying.idWidth(r.steps().stream().map(Step::id).toList());
        out.printf("%3s  %-" + w + "s  %4s  %-6s%s%n", "#", "step", "page", "engine", cc == null ? "" : "  " + cc);
        Path dir = keep != null ? Files.createDirectories(keep) : cc != null ? Files.createTempDirectory("memdesc-build") : null;
        boolean bad = false;
        try {
            for (State s : chosen) {
                Step st = s.isBaseline() ? null : r.step(s.stepId()).orElseThrow();
                BuildCheck.Result built = BuildCheck.check(s, st);
                String engine = built.ok() ? "ok" : "FAIL";
                String compiled = "";
                List<String> detail = new ArrayList<>();
                if (!built.ok()) built.diagnostics().stream().limit(3).forEach(d -> detail.add("engine: " + d));
                if (cc != null) {
                    Map<String, String> files = GccBackend.emit(s, st, built.ok() ? built.layouts() : null);
                    Path sd = dir.resolve(String.format("%02d-%s", s.index(), s.stepId()));
                    Files.createDirectories(sd);
                    Outcome o = compile(files, sd);
                    compiled = o.ok ? "ok" : "FAIL";
                    if (!o.ok) o.output.lines().filter(l -> l.contains("error")).limit(3).forEach(l -> detail.add(cc + ": " + l.trim()));
                    if (o.ok != built.ok()) {
                        detail.add(0, "the verdicts DIFFER: engine " + engine + ", " + cc + " " + compiled);
                        bad = true;
                    }
                }
                if (!built.ok()) bad = true;
                out.printf("%3d  %-" + w + "s  %4s  %-6s%s%n", s.index(), s.stepId(), built.layouts().sizeOf("page") == 0 ? "?"
                        : Long.toString(built.layouts().sizeOf("page")), engine, cc == null ? "" : "  " + compiled);
                for (String d : detail) out.println("     " + d);
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("index", s.index());
                row.put("stepId", s.stepId());
                row.put("structPageBytes", built.layouts().sizeOf("page"));
                row.put("engine", built.ok());
                row.put("compiler", cc == null ? null : compiled.equals("ok"));
                row.put("details", detail);
                json.add(row);
                out.flush();
            }
            if (keep != null) out.println("C sources kept in " + keep);
        } finally {
            if (keep == null && dir != null) delete(dir);
        }
        if (format.json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("roadmap", r.file());
            doc.put("compiler", cc);
            doc.put("states", json);
            doc.put("ok", !bad);
            FormatOption.print(spec.commandLine().getOut(), doc);
            return bad ? Main.CHECK_FAILED : 0;
        }
        out.println(bad ? "build: failed" : "build: ok (" + chosen.size() + " state" + (chosen.size() == 1 ? "" : "s")
                + (cc == null ? "" : ", engine and " + cc + " agree") + ")");
        out.flush();
        return bad ? Main.CHECK_FAILED : 0;
    }

    private record Outcome(boolean ok, String output) {}

    /** check.sh with the chosen compiler ($CC): 0 good, 1 bad. */
    private Outcome compile(Map<String, String> files, Path sd) throws IOException, InterruptedException {
        GccBackend.write(files, sd);
        ProcessBuilder pb = new ProcessBuilder("sh", sd.resolve("check.sh").toString()).redirectErrorStream(true);
        pb.environment().put("CC", cc);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Outcome(false, "check.sh timed out");
        }
        return new Outcome(p.exitValue() == 0, text);
    }

    private static boolean onPath(String cc) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v \"$1\"", "sh", cc).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
