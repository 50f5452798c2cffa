package memdesc.verify;

import java.util.List;
import java.util.Map;

/**
 * The dependencies of each step: what the roadmap declares in {@code requires}, and the smallest set of
 * earlier steps it was found to need (removing any one of them makes the step fail to build or pass).
 * Maps are in roadmap order.
 */
public record DepGraph(Map<String, List<String>> declared, Map<String, List<String>> inferred) {
    /** Steps whose inferred needs are not all declared (directly or transitively). */
    public record Mismatch(String step, List<String> undeclared, List<String> unneeded) {}
}
