package memdesc.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real gcc (and pahole) on generated C for the cross-checks. */
final class Gcc {
    record Result(int exit, String output) { }

    private Gcc() { }

    static boolean available(String tool) {
        try {
            return run(List.of(tool, "--version"), null).exit() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Result run(List<String> cmd, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (dir != null) pb.directory(dir.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** gcc -fsyntax-only on {@code source} for the ABI; returns gcc's result. */
    static Result syntaxOnly(Path dir, String name, String source, Abi abi) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, source);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=gnu11", "-fsyntax-only", "-Wno-attributes"));
        if (abi == Abi.ILP32) cmd.add("-m32");
        cmd.add(f.toString());
        return run(cmd, dir);
    }

    static String resource(String name) throws IOException {
        try (var in = Gcc.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** C text asserting every size, alignment and non-bitfield offset the engine computed. */
    static String asserts(List<StructLayout> structs, boolean typedefOnly) {
        StringBuilder b = new StringBuilder("\n/* generated: the engine's layout as gcc assertions */\n");
        for (StructLayout s : structs) {
            String t = cType(s, typedefOnly);
            b.append("_Static_assert(sizeof(").append(t).append(") == ").append(s.size()).append(", \"sizeof ").append(t).append("\");\n");
            b.append("_Static_assert(_Alignof(").append(t).append(") == ").append(s.align()).append(", \"alignof ").append(t).append("\");\n");
            for (MemberRef r : s.leaves()) {
                if (r.bitfield()) continue;
                b.append("_Static_assert(__builtin_offsetof(").append(t).append(", ").append(r.path()).append(") == ")
                    .append(r.offset()).append(", \"offsetof ").append(t).append(' ').append(r.path()).append("\");\n");
            }
        }
        return b.toString();
    }

    static String cType(StructLayout s, boolean typedefName) {
        return typedefName ? s.name() : (s.union() ? "union " : "struct ") + s.name();
    }
}
