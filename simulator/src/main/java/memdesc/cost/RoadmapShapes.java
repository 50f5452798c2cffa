package memdesc.cost;

import memdesc.build.BuildCheck;
import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A roadmap state as the accounting sees it, from the state's computed layouts (never from constants):
 * sizeof(struct page), each separately allocated descriptor's size and alignment, and the buddy
 * descriptor's size and PFN field width.
 */
final class RoadmapShapes {
    private RoadmapShapes() {}

    static List<StateShape> of(Roadmap roadmap) {
        List<StateShape> out = new ArrayList<>();
        for (State s : roadmap.states()) out.add(of(roadmap, s));
        return out;
    }

    static StateShape of(Roadmap roadmap, State s) {
        BuildCheck.Result built = BuildCheck.check(roadmap, s);
        if (built.layouts().lp64().isEmpty() || built.layouts().struct("page").isEmpty())
            throw new InputException("memdesc: state " + s.index() + " (" + s.stepId() + ") does not lay out, so it has no cost: "
                    + built.diagnostics().get(0));
        long page = built.layouts().sizeOf("page");
        List<Descriptor> separate = new ArrayList<>();
        BuddyDescriptor buddy = null;
        for (memdesc.steps.Descriptor d : s.descriptors().values()) {
            StructLayout l = built.layouts().struct(d.struct()).orElse(null);
            if (l == null) continue;
            if (d.kind().equals("buddy")) {
                Optional<MemberRef> prev = l.find("prev");
                int bits = prev.filter(MemberRef::bitfield).map(MemberRef::bitWidth).orElse(0);
                boolean zone = s.helper("buddy_pfn", "absolute").equals("zone_relative");
                buddy = new BuddyDescriptor(l.size(), bits, zone);
            } else if (d.placement() == memdesc.steps.Descriptor.Placement.SEPARATE) {
                separate.add(new Descriptor(d.kind(), l.size(), l.align()));
            }
        }
        String title = s.isBaseline() ? roadmap.baselineTitle() : roadmap.step(s.stepId()).map(st -> st.title()).orElse(s.stepId());
        return new StateShape(s.stepId(), title, page, separate, buddy);
    }
}
