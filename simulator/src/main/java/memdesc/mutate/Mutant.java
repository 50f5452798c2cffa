package memdesc.mutate;

import memdesc.steps.Roadmap;

import java.util.List;
import java.util.function.BiFunction;

/**
 * One wrong variant of a roadmap, as text. {@code window} lists the steps at which check must fail first
 * for the mutant to count as killed (the step the mutation breaks: per operator, see {@link Operators});
 * {@code equivalence}, given the original and the mutant, says why a surviving mutant is equivalent (no
 * wrong plan at all), or null when a survivor is a gap in the check.
 */
record Mutant(String operator, String step, String description, String text, List<String> window, String windowSays,
              BiFunction<Roadmap, Roadmap, String> equivalence) {
    Mutant {
        window = List.copyOf(window);
    }

    static final BiFunction<Roadmap, Roadmap, String> NEVER = (a, b) -> null;
}
