package memdesc.report;

import memdesc.steps.InputException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a file so that readers see the old content or the whole new content, never a part. */
final class AtomicFile {
    private AtomicFile() {}

    interface Body {
        void writeTo(Writer w) throws IOException;
    }

    /** The target can be written: its directory exists and it is not itself a directory. */
    static void check(Path out) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException("memdesc: cannot write " + out + ": no such directory " + dir);
        }
        if (Files.isDirectory(target)) throw new InputException("memdesc: cannot write " + out + ": it is a directory");
    }

    /**
     * Where a write to {@code out} lands: through a symbolic link (and a chain of them) to the file it
     * names, so the link stays a link, as {@code >} in a shell does.
     */
    static Path target(Path out) throws IOException {
        Path target = out.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(target); hops++) {
            if (hops > 40) throw new IOException("too many levels of symbolic links");
            target = target.getParent().resolve(Files.readSymbolicLink(target)).normalize();
        }
        return target;
    }

    static void write(Path out, Body body) {
        check(out);
        Path tmp = null;
        try {
            Path target = target(out);
            Path dir = target.getParent();
            if (dir == null || !Files.isDirectory(dir)) throw new NoSuchFileException(String.valueOf(dir));
            // same directory: the rename cannot cross file systems, so it can be atomic. Created plainly (not
            // createTempFile, which makes it 0600): the new file gets the user's umask, as any other file they
            // write; a file being replaced keeps its own mode.
            java.security.SecureRandom rnd = new java.security.SecureRandom();
            for (int tries = 0; tmp == null; tries++) {
                Path t = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(rnd.nextLong(), 36) + ".tmp");
                try {
                    tmp = Files.createFile(t);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (tries > 10) throw e;
                }
            }
            if (Files.exists(target)) {
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: its default mode it is
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream os = Channels.newOutputStream(ch);
                 Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8))) {
                body.writeTo(w);
                w.flush();
                ch.force(true); // the content is on disk before the name points at it
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new InputException("memdesc: cannot write " + out + " atomically: " + e.getMessage());
            }
            tmp = null;
        } catch (NoSuchFileException e) {
            throw new InputException("memdesc: cannot write " + out + ": no such file or directory " + e.getFile());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputException("memdesc: cannot write " + out + ": permission denied");
        } catch (IOException e) {
            throw new InputException("memdesc: cannot write " + out + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing better to do: the original failure is what the user needs to see
                }
            }
        }
    }
}
