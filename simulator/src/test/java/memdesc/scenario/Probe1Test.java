package memdesc.scenario;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

class Probe1Test {
    @Test void probe() {
        Roadmap r = RoadmapLoader.load(Path.of("../roadmap.yaml"));
        List<State> states = r.states();
        RunResult base = null;
        for (State s : states) {
            long t0 = System.nanoTime();
            RunResult res = Scenarios.run(s, 64L << 20, 1, List.of(), Boolean.getBoolean("shadow"));
            System.out.println(s.index() + " " + s.stepId() + ": " + (res.passed() ? "PASS" : "FAIL " + res.failure().describe())
                    + " (" + (System.nanoTime() - t0) / 1000000 + " ms)");
            if (base == null) base = res;
            else if (res.passed()) for (String d : res.diff(base)) System.out.println("   DIFF " + d);
            res.unexercised().forEach((u, m) -> { if (!m.isEmpty()) System.out.println("   unexercised " + u + " " + m); });
        }
    }
}
