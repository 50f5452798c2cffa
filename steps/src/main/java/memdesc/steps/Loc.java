package memdesc.steps;

/** A position in an input file: 1-based line and column, as gcc prints them. */
public record Loc(String file, int line, int column) {
    public static final Loc NONE = new Loc("<none>", 0, 0);

    /** {@code file:line:col: error: message}, one line. */
    public String error(String message) {
        return file + ":" + line + ":" + column + ": error: " + message;
    }

    public InputException fail(String message) {
        return new InputException(error(message));
    }

    @Override public String toString() {
        return file + ":" + line + ":" + column;
    }
}
