package memdesc.verify;

import memdesc.buddy.Buddy;
import memdesc.model.Helpers;
import memdesc.steps.Helper;
import memdesc.steps.State;
import memdesc.steps.Step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a step changes anything the model can observe in a state. A step that only switches a
 * helper the model does not read there (buddy_pfn before the buddy lists are PFN links) leaves every
 * verdict as it was: "needs nothing" would then be a guess, not a finding.
 */
final class Effect {
    private Effect() {}

    /** Whether {@code helper} is read by the model in state {@code s}; a helper the model does not know counts as read. */
    static boolean read(State s, String helper) {
        if (Helpers.READ.contains(helper) || Buddy.reads(s, helper)) return true;
        return !helper.equals("buddy_pfn"); // unknown to the model: assume it matters (never claim "no effect" for it)
    }

    /** Whether {@code step} applied to {@code before} changes what the model sees. */
    static boolean observable(State before, Step step) {
        State after = step.apply(before);
        // the helpers the model does not read in the new state taken back as they were: the rest must differ
        Map<String, Helper> helpers = new LinkedHashMap<>(after.helpers());
        for (String name : List.copyOf(helpers.keySet()))
            if (!Objects.equals(impl(before, name), impl(after, name)) && !read(after, name) && !read(before, name)) {
                Helper old = before.helpers().get(name);
                if (old == null) helpers.remove(name);
                else helpers.put(name, old);
            }
        State seen = new State(after.index(), after.stepId(), after.structs(), after.memdescTypes(), after.users(),
                after.descriptors(), helpers, after.config(), after.disabled(), after.problems());
        return !seen.contentHash().equals(before.contentHash());
    }

    private static String impl(State s, String helper) {
        Helper h = s.helpers().get(helper);
        return h == null ? null : h.impl();
    }

    /**
     * The first state along the roadmap (before {@code step}'s own place, at index {@code k}) in which the
     * step has an observable effect, as the id of the step that produced it; null if it has one on the
     * baseline already; "" if on none.
     */
    static String firstEffect(List<State> states, Step step, int k) {
        for (int j = 0; j < k; j++)
            if (observable(states.get(j), step)) return j == 0 ? null : states.get(j).stepId();
        return "";
    }
}
