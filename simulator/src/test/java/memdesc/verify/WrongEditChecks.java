package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tests of wrong roadmap edits share: the check's own verifier on a 64 MiB machine with a cache
 * of their own, verifying only the states they name (the earlier ones are the shipped roadmap's, which
 * check passes), and the assertion that a state fails at its step for the reason it breaks.
 */
abstract class WrongEditChecks {
    static final long MACHINE = 64L << 20;
    @TempDir static Path cacheDir;
    static Check check;

    @BeforeAll static void setUp() {
        check = new Check(Verification.standard(MACHINE, 1), new VerdictCache(cacheDir), 2);
    }

    /** The verdicts of the states after steps {@code ids} (baseline: "baseline"). */
    static List<Verdict> verdicts(Roadmap r, String... ids) {
        List<State> all = r.states(), some = new ArrayList<>();
        for (String id : ids) some.add(all.get(r.resolve(id)));
        return check.run(r, some, v -> {}).verdicts();
    }

    static void assertFails(Verdict v, String step, String reason) {
        assertEquals(step, v.stepId());
        assertFalse(v.ok(), step + " passed");
        assertTrue(v.failure().contains(reason), step + ": '" + v.failure() + "' does not say '" + reason + "'");
    }

    static void assertPasses(Roadmap r, String step) {
        Verdict v = verdicts(r, step).get(0);
        assertTrue(v.ok(), step + ": " + v.failure());
    }
}
