package memdesc.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A synthetic population: fractions of memory by allocation kind and order.
 * Built-in mixes are in {@link Mixes}; users write their own as YAML ({@link MixFile}).
 *
 * @param name        the mix's name
 * @param source      where its proportions come from (printed with every report)
 * @param fractions   fractions of all frames; they sum to 1
 */
public record Mix(String name, String source, List<Fraction> fractions) {
    /** {@code fraction} of all frames is allocated as {@code kind} in blocks of 2^order frames. */
    public record Fraction(AllocKind kind, int order, double fraction) {
        public Fraction {
            Objects.requireNonNull(kind, "kind");
        }
    }

    public Mix {
        Objects.requireNonNull(name, "name");
        fractions = List.copyOf(fractions);
    }

    /**
     * The population of a machine of {@code machineBytes} bytes. Allocation counts are rounded
     * to the nearest whole allocation; the memmap is always charged for every frame.
     */
    public Population population(long machineBytes) {
        long frames = machineBytes / MemoryCost.PAGE_SIZE;
        List<Population.Slice> slices = new ArrayList<>();
        for (Fraction f : fractions) {
            long allocations = Math.round(f.fraction() * frames / (double) (1L << f.order()));
            slices.add(new Population.Slice(f.kind(), f.order(), allocations));
        }
        return new Population("mix " + name, frames, slices,
                List.of("mix " + name + ": " + source,
                        "allocation counts = fraction x frames / 2^order, rounded to whole allocations"));
    }
}
