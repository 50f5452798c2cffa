package memdesc.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every scenario by name, in run order. The order is part of the verdict (a seeded scenario sees the
 * machine the ones before it left), so a new scenario goes where its place in the trace is meant to be.
 */
final class Registry {
    private Registry() {}

    static final List<Scenario> ALL = List.of(
            new BootScenario(),
            new FreeAllScenario(),
            new ChurnScenario(),
            new SlabScenario(),
            new PageCacheScenario(),
            new LruScenario(),
            new MlockScenario(),
            new AnonScenario(),
            new PgtableScenario(),
            new KmallocScenario(),
            new PagePoolScenario(),
            new ZsmallocScenario(),
            new BufferHeadScenario(),
            new MemcgScenario(),
            new ReleasePagesScenario(),
            new VmallocScenario(),
            new AmdgpuScenario(),
            new DriversScenario(),
            new PageZoneScenario(),
            new HelpersScenario(),
            new CompactionScenario(),
            new MemoryFailureScenario());

    private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

    static {
        for (Scenario s : ALL)
            if (BY_NAME.put(s.name(), s) != null) throw new IllegalStateException("two scenarios named " + s.name());
    }

    /** The scenario of that name, or null. */
    static Scenario get(String name) {
        return BY_NAME.get(name);
    }

    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
