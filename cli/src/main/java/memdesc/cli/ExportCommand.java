package memdesc.cli;

import memdesc.export.Export;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc export [ROADMAP] --to DIR}: the roadmap as a git history that git bisect run can search. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the roadmap as a new git repository in DIR: one commit per state"
        + " (the baseline first), each with the state as C headers and users, a STATE.md and an executable check.sh"
        + " (git bisect run convention: 0 builds, 1 does not, 125 no compiler). Same roadmap, same commit ids.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ROADMAP",
            description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "a new or empty directory")
    String to;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        Path dir;
        try {
            dir = Path.of(to);
        } catch (InvalidPathException e) {
            throw new InputException("memdesc: bad directory '" + to + "': " + e.getReason());
        }
        Roadmap r = RoadmapArg.load(roadmap);
        PrintWriter out = spec.commandLine().getOut();
        List<Export.Commit> commits = Export.run(r, dir, line -> {
            out.println(line);
            out.flush();
        });
        String first = commits.get(0).id().substring(0, 12);
        out.println("wrote " + commits.size() + " commits (" + (commits.size() - 1) + " steps) of " + r.file() + " to " + dir
                + ", branch main checked out at the last state; bisect it with: cd " + shellQuote(dir.toString())
                + " && git bisect start HEAD " + first + " && git bisect run ./check.sh");
        out.flush();
        return 0;
    }

    /** The directory as sh reads it back: plain names as they are, anything else in single quotes. */
    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./+,:=@%-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
