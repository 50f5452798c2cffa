package memdesc.steps;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 18: "did you mean" hints keep something of the word and cost bounded work. */
class NamesTest {
    @Test void punctuationAloneGetsNoHint() {
        assertEquals("", Names.didYouMean("_", List.of("ab", "a", "lru-uses")));
        assertEquals("", Names.didYouMean("--", List.of("ab", "a")));
        assertEquals(" (did you mean 'p'?)", Names.didYouMean("q", List.of("p")));
        assertEquals(" (did you mean 'lru-uses'?)", Names.didYouMean("lru-usse", List.of("ab", "lru-uses")));
    }

    @Test void thousandsOfLongCandidatesAreCheap() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) ids.add("step-" + "x".repeat(5000) + i);
        // 5,000 ids of 5 KB each: no hint is even looked for past 64 characters
        assertEquals("", Names.didYouMean("step-" + "x".repeat(5000), ids));
        assertEquals("", Names.didYouMean("step-xxxx", ids));
    }
}
