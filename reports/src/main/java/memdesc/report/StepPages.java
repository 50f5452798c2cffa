package memdesc.report;

import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.delta.DeltaText;
import memdesc.delta.StateDelta;
import memdesc.delta.StructDelta;
import memdesc.layout.StructLayout;
import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The report's page per step: the step's delta and the byte maps of the structs it changes. */
public final class StepPages {
    private StepPages() {}

    /** Text width of the delta shown on a step page. */
    static final int WIDTH = 100;

    /** Every step's page; the cost delta is on the report's default mix, for a 1 TiB machine. */
    public static List<ReportModel.StepPage> of(Roadmap r) {
        List<Population> pops = List.of(MemoryCost.mix("idle").population(1L << 40));
        List<StateDelta> deltas;
        try {
            deltas = StateDelta.walk(r, pops);
        } catch (memdesc.steps.InputException e) {
            deltas = StateDelta.walk(r, List.of()); // a state that does not lay out has no cost; its page says why
        }
        List<State> states = r.states();
        List<Map<String, StructLayout>> layouts = new ArrayList<>();
        for (State s : states) layouts.add(StateDelta.layoutsOf(s));
        List<ReportModel.StepPage> out = new ArrayList<>();
        for (StateDelta d : deltas) {
            int k = d.to().index();
            Set<String> shown = new LinkedHashSet<>();
            shown.add("page");
            d.structs().forEach(sd -> shown.add(sd.name()));
            List<ReportModel.Picture> pics = new ArrayList<>();
            for (String name : shown) {
                StructLayout a = layouts.get(k - 1).get(name), b = layouts.get(k).get(name);
                if (a == null && b == null) continue;
                pics.add(new ReportModel.Picture(name, a == null ? -1 : a.size(), items(a), b == null ? -1 : b.size(), items(b)));
            }
            out.add(new ReportModel.StepPage(k, d.to().id(), d.to().title(), d.from().id(), DeltaText.text(d, WIDTH), d, pics));
        }
        return out;
    }

    private static List<StructDelta.Item> items(StructLayout l) {
        return new ArrayList<>(StructDelta.index(l).values());
    }
}
