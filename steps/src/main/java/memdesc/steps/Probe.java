package memdesc.steps;

/**
 * A regular expression (POSIX ERE, as {@code git grep -E} takes it) that counts the work a step has left
 * in a real kernel tree, e.g. {@code page->mapping}.
 */
public record Probe(String name, String regex, Loc loc) {}
