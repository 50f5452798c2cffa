package memdesc.git;

import memdesc.steps.InputException;

/**
 * A probe: lines matching {@code regex} are counted under {@code name}. The regex is a POSIX
 * extended regular expression as {@code git grep -E} takes it, or a literal string when
 * {@code fixed} (as {@code git grep -F}). Names may contain any character but a tab.
 */
public record Probe(String name, String regex, boolean fixed) {
    public Probe {
        if (name == null || name.isEmpty()) throw new InputException("probe: error: a probe needs a name");
        if (name.indexOf('\t') >= 0) throw new InputException("probe '" + name.replace("\t", "\\t") + "': error: a probe name cannot contain a tab");
        if (regex == null) throw new InputException("probe '" + name + "': error: a probe needs a pattern");
    }

    /** Parses {@code NAME=REGEX}, split at the first {@code =}. */
    public static Probe parse(String spec, boolean fixed) {
        int eq = spec.indexOf('=');
        if (eq < 0) throw new InputException("--probe '" + spec + "': error: expected NAME=REGEX");
        if (eq == 0) throw new InputException("--probe '" + spec + "': error: the probe name is empty");
        return new Probe(spec.substring(0, eq), spec.substring(eq + 1), fixed);
    }
}
