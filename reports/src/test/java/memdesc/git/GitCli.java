package memdesc.git;

import memdesc.export.Proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real git binary, run in the C locale with no user or system config, for reference answers. */
final class GitCli {
    record Result(int exit, String out, String err) { }

    /** Who git says made the commits it makes in these tests. */
    private static final Map<String, String> IDENTITY = Map.of(
            "GIT_AUTHOR_NAME", "Test Author", "GIT_AUTHOR_EMAIL", "author@example.org",
            "GIT_COMMITTER_NAME", "Test Committer", "GIT_COMMITTER_EMAIL", "committer@example.org");

    private GitCli() { }

    static Result run(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Proc.Result r = Proc.run(dir, IDENTITY, cmd);
        return new Result(r.exit(), r.out(), r.err());
    }

    /** Runs git and fails the test unless it exits 0. */
    static String ok(Path dir, String... args) {
        Result r = run(dir, args);
        if (r.exit() != 0) throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        return r.out();
    }

    /** {@code git grep -c <mode> PATTERN REF -- GLOBS} summed over files; git exits 1 when nothing matches. */
    static long grepCount(Path dir, String mode, String pattern, String ref, List<String> globs) {
        List<String> args = new ArrayList<>(List.of("grep", "-c", mode, "-e", pattern, ref, "--"));
        args.addAll(globs);
        Result r = run(dir, args.toArray(String[]::new));
        if (r.exit() == 1 && r.out().isEmpty()) return 0;
        if (r.exit() != 0) throw new AssertionError("git grep " + pattern + " failed (" + r.exit() + "): " + r.err());
        long sum = 0;
        for (String line : r.out().split("\n")) {
            if (line.isEmpty()) continue;
            sum += Long.parseLong(line.substring(line.lastIndexOf(':') + 1));
        }
        return sum;
    }
}
