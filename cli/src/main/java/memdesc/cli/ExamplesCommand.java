package memdesc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code memdesc examples [--update] [FILE.md...]}: the docs' console examples against what the code prints today. */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = {"Check every ```console example in README.md and docs/*.md (or the FILEs) against what the"
                        + " code prints today; --update rewrites each example that differs with the real output.",
                "In expected output [..] matches any text in a line, a line '...' any lines, [TIME] a duration."})
final class ExamplesCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Markdown files (default: README.md and docs/*.md)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--update", description = "rewrite the examples that differ with what the commands print now")
    boolean update;

    @Spec CommandSpec spec;

    @Override public Integer call() throws IOException {
        Path root = Main.cwd().toAbsolutePath().normalize();
        List<Path> fs = new ArrayList<>();
        for (Path f : files) fs.add(root.resolve(f));
        if (fs.isEmpty()) fs.addAll(defaults(root));
        List<Examples.Result> rs = Examples.check(fs, root, update);
        PrintWriter out = spec.commandLine().getOut();
        int bad = 0;
        for (Examples.Result r : rs) {
            if (r.matches()) continue;
            bad++;
            out.println(r.example().file() + ":" + r.example().line() + ": $ " + r.example().command() + (update ? ": updated" : ": differs"));
            if (!update) {
                out.println("--- expected\n" + r.example().expected() + "+++ printed\n" + r.actual());
            }
        }
        out.println(rs.size() + " examples in " + fs.size() + " files: " + (rs.size() - bad) + " match"
                + (bad == 0 ? "" : ", " + bad + (update ? " updated" : " differ")));
        out.flush();
        return bad == 0 || update ? 0 : Main.CHECK_FAILED;
    }

    /** README.md and every Markdown file under docs/, in name order. */
    static List<Path> defaults(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(root.resolve("README.md"))) out.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs))
            try (Stream<Path> s = Files.walk(docs)) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
            }
        if (Files.isRegularFile(root.resolve("ARCHITECTURE.md"))) out.add(root.resolve("ARCHITECTURE.md"));
        return out;
    }
}
