package memdesc.steps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A text file the user named, read with a bound: at most {@code maxBytes} are read, whatever the file
 * claims (a /proc file or a device may report size 0 and never end), and the bytes must be UTF-8, a bad
 * byte reported at its line and column. Every problem is one {@link InputException} line.
 */
public final class InputFile {
    private InputFile() {}

    /** Reads {@code file} (shown as {@code shown}), a {@code what} ("header", "mix file") of at most {@code maxBytes}. */
    public static String read(Path file, String shown, long maxBytes, String what) {
        return decode(shown, readBytes(file, shown, maxBytes, what));
    }

    /** The bytes of {@code file}, bounded as {@link #read} bounds them (no decoding). */
    public static byte[] readBytes(Path file, String shown, long maxBytes, String what) {
        if (Files.isDirectory(file)) throw new InputException(shown + ": error: is a directory, not a " + what);
        try {
            if (!Files.exists(file)) throw new InputException(shown + ": error: no such file");
            if (Files.isRegularFile(file) && Files.size(file) > maxBytes) throw tooLarge(shown, maxBytes, what);
            byte[] bytes;
            try (InputStream in = Channels.newInputStream(open(file, shown, what))) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) throw tooLarge(shown, maxBytes, what);
            return bytes;
        } catch (NoSuchFileException e) {
            throw new InputException(shown + ": error: no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(shown + ": error: permission denied");
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot read: " + e.getMessage());
        }
    }

    /**
     * How long a file that is not a regular one (a FIFO, a device, a socket) may give nothing before it is
     * refused: a FIFO with no writer would otherwise block the open, and a silent writer every read, without
     * end. Seconds; the system property {@code memdesc.inputWait} sets it (the tests' FIFOs wait less).
     */
    public static final int DEFAULT_WAIT_SECONDS = 10;

    static int waitSeconds() {
        return Math.max(1, Integer.getInteger("memdesc.inputWait", DEFAULT_WAIT_SECONDS));
    }

    /**
     * Opens {@code file} for reading. A regular file (a /proc file too) is opened as it is; anything else is
     * opened and read by a helper thread, and a read that waits past {@link #DEFAULT_WAIT_SECONDS} for a
     * byte is refused with one {@link InputException} line naming the limit ({@code what}: "C header").
     */
    public static ReadableByteChannel open(Path file, String shown, String what) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        if (a.isDirectory()) throw new InputException(shown + ": error: is a directory, not a " + what);
        if (a.isRegularFile()) return FileChannel.open(file, StandardOpenOption.READ);
        return new Waiting(file, shown, what, kind(file), waitSeconds());
    }

    /** "a FIFO", "a character device", ... from the file's mode. */
    private static String kind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "not a regular file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "not a regular file";
        }
    }

    /**
     * A non-regular file read on a daemon thread, each read waiting at most {@code seconds} for data. On
     * timeout (or close) the helper is released: a FIFO it is still opening is opened for writing once (so its
     * open returns and its read sees end of file), a read it is blocked in is ended by closing the channel.
     */
    private static final class Waiting implements ReadableByteChannel {
        private static final Object EOF = new Object();
        private final Path file;
        private final String shown, what, kind;
        private final int seconds;
        private final java.util.concurrent.BlockingQueue<Object> chunks = new java.util.concurrent.LinkedBlockingQueue<>(8);
        private final Thread helper;
        private volatile FileChannel channel;
        private volatile boolean closed;
        private ByteBuffer current;
        private boolean ended;

        Waiting(Path file, String shown, String what, String kind, int seconds) throws IOException {
            this.file = file;
            this.shown = shown;
            this.what = what;
            this.kind = kind;
            this.seconds = seconds;
            helper = new Thread(this::pump, "memdesc-input " + file.getFileName());
            helper.setDaemon(true);
            helper.start();
        }

        private void pump() {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                if (closed) {
                    channel.close();
                    return;
                }
                while (!closed) {
                    ByteBuffer b = ByteBuffer.allocate(1 << 16);
                    int n = channel.read(b);
                    if (n < 0) {
                        hand(EOF);
                        return;
                    }
                    b.flip();
                    hand(b);
                }
            } catch (Throwable e) {
                if (!closed) hand(e);
            } finally {
                FileChannel c = channel;
                if (c != null) try { c.close(); } catch (IOException ignored) { }
            }
        }

        private void hand(Object o) {
            try {
                while (!closed && !chunks.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) { }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override public int read(ByteBuffer dst) throws IOException {
            if (closed) throw new java.nio.channels.ClosedChannelException();
            if (ended) return -1;
            while (current == null || !current.hasRemaining()) {
                Object o;
                try {
                    o = chunks.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new java.io.InterruptedIOException("interrupted reading " + shown);
                }
                if (o == null) {
                    boolean opening = channel == null;
                    close();
                    throw new InputException(shown + ": error: " + kind + " that gave nothing for " + seconds + " s"
                            + (opening && kind.equals("a FIFO") ? " (nothing opened it for writing)" : "")
                            + ": the limit for a " + what + " that is not a regular file");
                }
                if (o == EOF) {
                    ended = true;
                    return -1;
                }
                if (o instanceof IOException e) throw e;
                if (o instanceof RuntimeException e) throw e;
                if (o instanceof Error e) throw e;
                current = (ByteBuffer) o;
            }
            int n = Math.min(dst.remaining(), current.remaining());
            ByteBuffer slice = current.slice();
            slice.limit(n);
            dst.put(slice);
            current.position(current.position() + n);
            return n;
        }

        @Override public boolean isOpen() {
            return !closed;
        }

        @Override public void close() {
            if (closed) return;
            closed = true;
            FileChannel c = channel;
            if (c != null) {
                try { c.close(); } catch (IOException ignored) { } // ends a read the helper is blocked in
            } else if (kind.equals("a FIFO") && helper.isAlive()) {
                // the helper is blocked opening a FIFO no one writes: be that writer for an instant (on a thread
                // of its own: should the helper have let go in between, this open waits for a reader, not us)
                Thread w = new Thread(() -> {
                    try (var out = new java.io.FileOutputStream(file.toFile())) { } catch (IOException ignored) { }
                }, "memdesc-input release");
                w.setDaemon(true);
                w.start();
            }
            helper.interrupt();
        }
    }

    /** A YAML syntax error from Jackson or SnakeYAML as one line at the problem's own mark (not its context's). */
    public static InputException yamlError(String file, Exception e) {
        return YamlReader.syntax(file, e);
    }

    private static InputException tooLarge(String name, long max, String what) {
        return new InputException(name + ": error: more than " + max + " bytes (" + human(max) + "), the limit for a "
                + what + " (does the file never end?)");
    }

    private static String human(long n) {
        return n % (1 << 20) == 0 ? n / (1 << 20) + " MiB" : n % 1024 == 0 ? n / 1024 + " KiB" : n + " bytes";
    }

    /** Strict UTF-8; a bad byte is reported at its line and column (columns count characters). */
    public static String decode(String name, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int bad = in.position();
            out.flip();
            String before = out.toString();
            int line = 1, col = 1;
            for (int i = 0; i < before.length(); i++) {
                char c = before.charAt(i);
                if (c == '\n') {
                    line++;
                    col = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    col++;
                }
            }
            throw InputException.at(name, line, col, String.format("not UTF-8: byte 0x%02x at offset %d",
                    bytes[bad] & 0xff, bad));
        }
        d.flush(out);
        out.flip();
        return out.toString();
    }
}
