package memdesc.steps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A text file the user named, read with a bound: at most {@code maxBytes} are read, whatever the file
 * claims (a /proc file or a device may report size 0 and never end), and the bytes must be UTF-8, a bad
 * byte reported at its line and column. Every problem is one {@link InputException} line.
 */
public final class InputFile {
    private InputFile() {}

    /** Reads {@code file} (shown as {@code shown}), a {@code what} ("header", "mix file") of at most {@code maxBytes}. */
    public static String read(Path file, String shown, long maxBytes, String what) {
        if (Files.isDirectory(file)) throw new InputException(shown + ": error: is a directory, not a " + what);
        try {
            if (!Files.exists(file)) throw new InputException(shown + ": error: no such file");
            if (Files.isRegularFile(file) && Files.size(file) > maxBytes) throw tooLarge(shown, maxBytes, what);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) throw tooLarge(shown, maxBytes, what);
            return decode(shown, bytes);
        } catch (NoSuchFileException e) {
            throw new InputException(shown + ": error: no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(shown + ": error: permission denied");
        } catch (IOException e) {
            throw new InputException(shown + ": error: cannot read: " + e.getMessage());
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
