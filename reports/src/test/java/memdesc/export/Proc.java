package memdesc.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real processes (git, sh) in the C locale with no user or system git config: the one process runner of
 * the reports tests (memdesc.git's GitCli runs git through it too).
 */
public final class Proc {
    public record Result(int exit, String out, String err) {}

    /** An empty git config of our own: /dev/null has been seen clobbered on shared machines. */
    private static final Path EMPTY_CONFIG = emptyConfig();

    private Proc() {}

    private static Path emptyConfig() {
        try {
            Path p = java.nio.file.Files.createTempFile("memdesc-gitconfig", "");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result run(Path dir, Map<String, String> extraEnv, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", EMPTY_CONFIG.toString());
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.org");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.org");
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
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

    static Result git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(dir, Map.of(), cmd);
    }

    /** git, failing the test unless it exits 0. */
    static String gitOk(Path dir, String... args) {
        Result r = git(dir, args);
        if (r.exit() != 0) throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
        return r.out();
    }
}
