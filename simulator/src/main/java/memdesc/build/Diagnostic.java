package memdesc.build;

import memdesc.steps.Loc;

/** One build failure, printed the way gcc prints it: {@code roadmap.yaml:L:C: error: message}. */
public record Diagnostic(Loc loc, String message) {
    @Override public String toString() {
        return loc.error(message);
    }
}
