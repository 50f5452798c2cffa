package memdesc.git;

/** One-line descriptions of what JGit throws on a damaged repository. */
final class Errors {
    private Errors() { }

    static String describe(Throwable e) {
        String kind = null;
        if (e instanceof org.eclipse.jgit.errors.CorruptObjectException) kind = "corrupt object";
        else if (e instanceof org.eclipse.jgit.errors.PackInvalidException) kind = "invalid pack";
        else if (e instanceof org.eclipse.jgit.errors.PackMismatchException) kind = "pack does not match its index";
        else if (e instanceof java.io.EOFException) kind = "truncated pack";
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            msg += ": " + e.getCause().getMessage().lines().findFirst().orElse("");
        }
        return kind == null ? msg : kind + ": " + msg;
    }
}
