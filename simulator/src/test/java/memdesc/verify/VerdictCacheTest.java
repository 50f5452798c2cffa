package memdesc.verify;

import memdesc.build.Diagnostic;
import memdesc.scenario.RunResult;
import memdesc.steps.Loc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict cache on a real directory: round trip, keys, bad verdicts never stored, corrupt entries missed. */
class VerdictCacheTest {
    @TempDir Path dir;

    static Verdict good(String hash) {
        return new Verdict(3, "step-a", hash, 32, 0.78125, 123456, List.of(), 11, 12,
                List.of("zsmalloc: user disabled\nfor a preview", "back\\slash = sign"), null, null, 42, false);
    }

    @Test void aGoodVerdictRoundTripsRelabelledForWhereItIsAsked() {
        VerdictCache c = new VerdictCache(dir);
        c.put("cfg", good("abc123"));
        Verdict v = c.get("abc123", "cfg", 7, "step-b").orElseThrow();
        assertEquals(new Verdict(7, "step-b", "abc123", 32, 0.78125, 123456, List.of(), 11, 12,
                List.of("zsmalloc: user disabled\nfor a preview", "back\\slash = sign"), null, null, 42, true), v);
        assertTrue(c.get("abc123", "other-cfg", 7, "step-b").isEmpty(), "another machine or seed is another key");
        assertTrue(c.get("abc124", "cfg", 7, "step-b").isEmpty());
    }

    @Test void badVerdictsAreNeverStoredAndCorruptEntriesAreMisses() throws Exception {
        VerdictCache c = new VerdictCache(dir);
        Verdict bad = new Verdict(1, "x", "dead", 0, 0, 0, List.of(new Diagnostic(new Loc("r.yaml", 3, 4), "no"))
                , 0, 0, List.of(), "does not build: no", "r.yaml:3:4", 1, false);
        c.put("cfg", bad);
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(Files::isRegularFile).count());
        }
        c.put("cfg", good("beef"));
        Path entry;
        try (Stream<Path> s = Files.walk(dir)) {
            entry = s.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.writeString(entry, "memdesc-verdict 1\nstructPageBytes=oops\n");
        assertTrue(c.get("beef", "cfg", 1, "x").isEmpty());
        Files.writeString(entry, "{\"json\": true}");
        assertTrue(c.get("beef", "cfg", 1, "x").isEmpty());
    }

    @Test void stepTimesAreKeptPerKeyAndLaterRunsOverwriteThem() throws Exception {
        VerdictCache c = new VerdictCache(dir);
        assertTrue(c.costs("machine=1").isEmpty());
        c.putCosts("machine=1", java.util.Map.of("memdesc-8", 900L, "lru-uses", 300L));
        c.putCosts("machine=1", java.util.Map.of("lru-uses", 350L));
        c.putCosts("machine=2", java.util.Map.of("lru-uses", 1L));
        assertEquals(java.util.Map.of("memdesc-8", 900L, "lru-uses", 350L), c.costs("machine=1"));
        assertEquals(java.util.Map.of("lru-uses", 1L), c.costs("machine=2"));
        // the times never pass for a verdict
        assertTrue(c.get("lru-uses", "machine=1", 1, "lru-uses").isEmpty());
        try (Stream<Path> s = Files.walk(dir.resolve("costs"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.writeString(f, "garbage\nx y\n");
        }
        assertTrue(c.costs("machine=1").isEmpty(), "an unreadable history is no history");
    }

    static RunResult run(RunResult.Failure failure) {
        return new RunResult("baseline", 64L << 20, 7, 1 << 20, List.of(
                new RunResult.ScenarioResult("boot", RunResult.Status.PASS, 16384, List.of("free pages = frames - memmap: true"), 5, 1 << 20, 0, ""),
                new RunResult.ScenarioResult("churn", RunResult.Status.PASS, 20000, List.of("tab\there", "new\nline", "back\\slash", ""), 9, 1 << 20, 4096, ""),
                new RunResult.ScenarioResult("amdgpu", RunResult.Status.SKIPPED, 0, List.of(), 0, 1 << 20, 0, "user amdgpu is disabled")),
                failure, Map.of("buddy", Set.of(), "core", Set.of("page.lru")), Map.of("buddy", Set.of("page.flags", "page.lru"), "core", Set.of()));
    }

    @Test void aPassingReferenceRunRoundTripsAndAFailingOneIsNotKept() throws Exception {
        VerdictCache c = new VerdictCache(dir);
        c.putReference("base1", "cfg", run(null));
        assertEquals(run(null), c.reference("base1", "cfg").orElseThrow());
        assertTrue(c.reference("base1", "other-cfg").isEmpty());
        c.putReference("base2", "cfg", run(new RunResult.Failure("churn", null, null, 3, "oops")));
        assertTrue(c.reference("base2", "cfg").isEmpty());
        try (Stream<Path> s = Files.list(dir.resolve("reference"))) {
            Path f = s.findFirst().orElseThrow();
            Files.writeString(f, "memdesc-reference 1\nscenario\tchurn\tPASS\n");
        }
        assertTrue(c.reference("base1", "cfg").isEmpty(), "a corrupt reference is a miss");
    }
}
