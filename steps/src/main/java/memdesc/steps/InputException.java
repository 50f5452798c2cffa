package memdesc.steps;

/**
 * Bad input: a roadmap, a header, a dump or an argument the user gave us is wrong.
 * The message is one line, gcc-style where a location is known
 * ({@code roadmap.yaml:12:7: error: ...}); the CLI prints it and exits 2.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message, null, false, false);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** {@code file:line:column: error: message}. Line and column are 1-based. */
    public static InputException at(String file, int line, int column, String message) {
        return new InputException(file + ":" + line + ":" + column + ": error: " + message);
    }
}
