package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Boot: every run reports it first. The work is the machine's own boot (the memmap initialised, every
 * free page handed to the buddy allocator); what it checks is in {@link Scenarios}' boot result.
 */
final class BootScenario implements Scenario {
    @Override
    public String name() {
        return "boot";
    }

    @Override
    public List<String> users() {
        return List.of("buddy");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> trace) {
        return 0;
    }
}
