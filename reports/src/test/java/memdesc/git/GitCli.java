package memdesc.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real git binary, run in the C locale with no user or system config, for reference answers. */
final class GitCli {
    record Result(int exit, String out, String err) { }

    private static final Path EMPTY_CONFIG = emptyConfig();

    private GitCli() { }

    private static Path emptyConfig() {
        try {
            Path p = java.nio.file.Files.createTempFile("memdesc-gitconfig", "");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", EMPTY_CONFIG.toString()); // not /dev/null: seen clobbered on shared machines
        env.put("GIT_AUTHOR_NAME", "Test Author");
        env.put("GIT_AUTHOR_EMAIL", "author@example.org");
        env.put("GIT_COMMITTER_NAME", "Test Committer");
        env.put("GIT_COMMITTER_EMAIL", "committer@example.org");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err));
            drain.start();
            byte[] out = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            drain.join();
            return new Result(exit, new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
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

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
