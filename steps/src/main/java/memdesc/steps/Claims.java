package memdesc.steps;

import java.util.List;
import java.util.Map;

/**
 * What the roadmap claims for every state, whatever step it stands at: the largest machine the plan must
 * support, the offset asserts that keep each overlaid descriptor honest against struct page while it
 * overlays the memmap, and the struct members no modelled user covers (each with a reason). They belong
 * to the roadmap, not to a step, so they follow a struct wherever a step introduces or moves it.
 *
 * @param unmodelledDeclared the roadmap has an {@code unmodelled:} key, which turns on the check that every
 *                           member is either used by a modelled user or listed (a roadmap without one is
 *                           not checked, and {@code show} says so)
 */
public record Claims(MachineClaim machine, List<Overlay> overlays, Map<String, Unmodelled> unmodelled,
                     boolean unmodelledDeclared, Release release) {
    public static final Claims NONE = new Claims(null, List.of(), Map.of(), false, null);

    /** Claims without a release for the baseline (the shape before {@code baseline: kernel:} existed). */
    public Claims(MachineClaim machine, List<Overlay> overlays, Map<String, Unmodelled> unmodelled, boolean unmodelledDeclared) {
        this(machine, overlays, unmodelled, unmodelledDeclared, null);
    }

    public Claims {
        overlays = List.copyOf(overlays);
        unmodelled = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unmodelled));
    }

    /**
     * The kernel release the baseline states ({@code baseline: kernel: v6.12}): the baseline's structs
     * must lay out as that release's do. Only state 0 is held to it; later states carry it because it is
     * part of the roadmap's content.
     */
    public record Release(String name, Loc loc) {}

    /**
     * The largest machine every state must be able to describe: bytes of memory on {@code nodes} nodes,
     * placed below physical address {@code highest} (memory may lie high, with holes below: sparse memory);
     * {@code highest} is {@code bytes} when the roadmap does not say (memory from address 0).
     */
    public record MachineClaim(long bytes, int nodes, long highest, boolean highestStated, Loc loc) {
        public MachineClaim(long bytes, int nodes, Loc loc) {
            this(bytes, nodes, bytes, false, loc);
        }
    }

    /**
     * A struct that overlays {@code on} (struct page) while its descriptor lives in the memmap, and the
     * member pairs that must share an offset then: {@code a} of the struct sits where {@code b} sits in
     * struct page number {@code page} of the overlay (0 the head page, 1 the next, ...).
     */
    public record Overlay(String struct, String on, List<Pair> pairs, Loc loc) {
        public Overlay {
            pairs = List.copyOf(pairs);
        }
    }

    public record Pair(Member a, Member b, int page, Loc loc) {}

    /** A member no modelled user reads or writes, and why the model leaves it out. */
    public record Unmodelled(Member member, String reason, Loc loc) {}

    /** The text that decides verdicts (part of {@link State#contentHash()}). */
    String canonical() {
        StringBuilder b = new StringBuilder();
        if (release != null) b.append("release ").append(release.name()).append('\n');
        if (machine != null) b.append("machine ").append(machine.bytes()).append(' ').append(machine.nodes())
                .append(machine.highestStated() ? " highest " + machine.highest() : "").append('\n');   // old hashes stay
        for (Overlay o : overlays) {
            b.append("overlay ").append(o.struct()).append(" on ").append(o.on());
            for (Pair p : o.pairs()) b.append(' ').append(p.a()).append('=').append(p.b()).append('+').append(p.page());
            b.append('\n');
        }
        if (unmodelledDeclared) b.append("unmodelled ").append(unmodelled.keySet()).append('\n');
        return b.toString();
    }
}
