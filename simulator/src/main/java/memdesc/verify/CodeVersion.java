package memdesc.verify;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which build of memdesc computed a cached verdict: the size and modification time of the jar (or class
 * directory) the verification code was loaded from. A rebuilt tool never trusts an older tool's verdicts.
 */
final class CodeVersion {
    private static volatile String cached;

    private CodeVersion() {}

    static String fingerprint() {
        String c = cached;
        if (c != null) return c;
        String v;
        try {
            Path p = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(p)) {
                long newest = 0, count = 0;
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        if (!Files.isRegularFile(f)) continue;
                        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                        count++;
                    }
                }
                v = "dir:" + count + ":" + newest;
            } else {
                v = "jar:" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            v = "unknown:" + System.nanoTime();
        }
        cached = v;
        return v;
    }
}
