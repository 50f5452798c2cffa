package memdesc.steps;

/**
 * A phase of the Path. Steps of an {@code independent} phase (the "immediate projects": "there are no
 * dependencies between these projects") must build and pass in any subset and any order.
 */
public record Phase(String id, String title, boolean independent, Loc loc) {}
