package memdesc.verify;

import memdesc.build.Diagnostic;

import java.util.List;

/**
 * Whether one state builds and passes, with the figures a row of {@code memdesc check} shows.
 *
 * @param index            0 for the baseline, else the step number
 * @param stepId           "baseline" or the step id
 * @param stateHash        {@link memdesc.steps.State#contentHash()}: the cache key
 * @param structPageBytes  sizeof(struct page) in this state (0 when it does not build)
 * @param memmapPercent    memmap as a percentage of the modelled machine's RAM
 * @param descriptorBytes  bytes of separately allocated descriptors after the scenarios (incl. slab rounding)
 * @param diagnostics      build failures (empty when it builds)
 * @param scenariosPassed  scenarios whose trace equals the baseline's and whose invariants held
 * @param scenariosTotal   scenarios, the skipped ones included (a skipped scenario is not passed)
 * @param skipped          scenarios skipped because their users are disabled, with the reason
 * @param failure          first reason the state is bad, one line; null when it is good
 * @param failureAt        where that reason points in the roadmap ("roadmap.yaml:L:C"); null if none
 * @param millis           time to verify this state
 * @param cached           the verdict came from the cache
 */
public record Verdict(int index, String stepId, String stateHash, long structPageBytes, double memmapPercent,
                      long descriptorBytes, List<Diagnostic> diagnostics, int scenariosPassed,
                      int scenariosTotal, List<String> skipped, String failure, String failureAt,
                      long millis, boolean cached) {
    public Verdict {
        diagnostics = List.copyOf(diagnostics);
        skipped = List.copyOf(skipped);
    }

    public boolean builds() {
        return diagnostics.isEmpty();
    }

    public boolean ok() {
        return failure == null;
    }

    public Verdict asCached(boolean c) {
        return new Verdict(index, stepId, stateHash, structPageBytes, memmapPercent, descriptorBytes, diagnostics,
                scenariosPassed, scenariosTotal, skipped, failure, failureAt, millis, c);
    }
}
