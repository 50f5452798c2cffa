package memdesc.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A state that cannot run on a machine (an 8-byte buddy descriptor's 29-bit PFNs reach 2 TiB, not
 * 16 TiB) shows "n/a" with the reason, in every format, instead of figures that mean nothing.
 */
class ImpossibleCostTest {
    static final String WHY = "the 8-byte buddy descriptor holds 29-bit PFNs: at most 2 TiB; this machine has 16 TiB";

    static ReportModel model() {
        return model(WHY);
    }

    static ReportModel model(String why) {
        List<CostRow> cost = new ArrayList<>(Fixtures.cost());
        CostRow last = cost.get(4);
        List<CostRow.MachineCost> ms = new ArrayList<>(last.machines());
        ms.set(2, CostRow.MachineCost.impossible("16 TiB", 16L << 40, why));
        cost.set(4, new CostRow(last.index(), last.stepId(), last.structPageBytes(), ms));
        return Report.build(Fixtures.roadmap(), Fixtures.verdicts(), cost, Fixtures.deps(), Fixtures.progress());
    }

    @Test void everyFormatSaysWhy() throws Exception {
        for (Format f : Format.values()) {
            String out = Report.render(model(), f);
            assertTrue(out.replaceAll("\\s+", " ").contains("29-bit PFNs: at most 2 TiB"), f + ":\n" + out);
        }
        String text = Report.render(model(), Format.TEXT);
        String row = text.lines().filter(l -> l.contains("shrink-32") && l.contains("n/a")).findFirst().orElseThrow();
        assertFalse(row.contains("GiB"), "no figures for the impossible machine: " + row);
        TextWidthTest.assertFits(text);
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Report.render(model(), Format.JSON))
                .at("/cost/4/machines/2/problem").asText().equals(WHY));
    }

    /** The reason also goes into an HTML attribute (a tooltip): quotes must not end it. */
    @Test void theReasonCannotBreakOutOfItsAttribute() {
        String html = Report.render(model("x\" onmouseover=\"alert(1)"), Format.HTML);
        assertFalse(html.contains("onmouseover=\"alert"), "attribute injection");
        assertTrue(html.contains("title=\"x&quot; onmouseover&#61;&quot;alert(1)\""), "escaped, still shown as the tooltip");
    }

    @Test void theChartDrawsNoBarForIt() {
        String svg = Charts.overhead(model());
        assertTrue(svg.contains("\u2717"), "a cross marks the missing bar");
        assertTrue(svg.split("class=\"bar\"", -1).length - 1 == 14, "15 cells, one impossible");
    }
}
