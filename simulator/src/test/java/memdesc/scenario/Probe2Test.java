package memdesc.scenario;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

class Probe2Test {
    @Test void probe() {
        Roadmap r = RoadmapLoader.load(Path.of("../roadmap.yaml"));
        System.setProperty("memdesc.debug", "true");
        State s = r.states().get(Integer.parseInt(System.getenv().getOrDefault("K", "16")));
        RunResult res = Scenarios.run(s, 64L << 20, 1, List.of(System.getenv().getOrDefault("SC", "page_pool").split(",")), Boolean.getBoolean("shadow"));
        System.out.println(s.stepId() + ": " + (res.passed() ? "PASS" : "FAIL " + res.failure().describe()));
    }
}
