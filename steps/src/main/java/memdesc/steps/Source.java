package memdesc.steps;

/** Where a step comes from: a seed document and the section in it. */
public record Source(String seed, String section, Loc loc) {
    @Override public String toString() {
        return seed + " §" + section;
    }
}
