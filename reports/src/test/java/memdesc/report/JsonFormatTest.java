package memdesc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON carries every figure of the inputs, exactly (bytes as integers, not "16.0 GiB"). */
class JsonFormatTest {
    @Test void everyFigureOfTheInputsIsThere() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Report.render(Fixtures.full(), Format.JSON));
        List<CostRow> cost = Fixtures.cost();
        assertEquals(cost.size(), j.get("cost").size());
        for (int i = 0; i < cost.size(); i++) {
            for (int k = 0; k < 3; k++) {
                CostRow.MachineCost m = cost.get(i).machines().get(k);
                JsonNode n = j.get("cost").get(i).get("machines").get(k);
                assertEquals(m.machine(), n.get("machine").asText());
                assertEquals(m.ramBytes(), n.get("ramBytes").asLong());
                assertEquals(m.memmapBytes(), n.get("memmapBytes").asLong());
                assertEquals(m.descriptorBytes(), n.get("descriptorBytes").asLong());
                assertEquals(m.totalBytes(), n.get("totalBytes").asLong());
                assertEquals(m.percent(), n.get("percent").asDouble(), 0.0);
            }
            assertEquals(cost.get(i).structPageBytes(), j.get("cost").get(i).get("structPageBytes").asLong());
        }
        var verdicts = Fixtures.verdicts();
        for (int i = 0; i < verdicts.size(); i++) {
            JsonNode v = j.get("verdicts").get(i);
            assertEquals(verdicts.get(i).ok(), v.get("ok").asBoolean());
            assertEquals(verdicts.get(i).structPageBytes(), v.get("structPageBytes").asLong());
            assertEquals(verdicts.get(i).descriptorBytes(), v.get("descriptorBytes").asLong());
            assertEquals(verdicts.get(i).scenariosPassed(), v.get("scenariosPassed").asInt());
            assertEquals(verdicts.get(i).millis(), v.get("millis").asLong());
        }
        assertTrue(j.at("/verdicts/3/diagnostics/0").asText().startsWith("small.yaml:33:9: error: "));
        Progress p = Fixtures.progress();
        for (String ref : p.refs()) for (var probe : p.probes()) {
            assertEquals((long) p.count(ref, probe.name()), j.at("/progress/counts").get(ref).get(probe.name()).asLong());
        }
        assertEquals("index-uses", j.at("/deps/rows/3/unneeded/0").asText());
        assertEquals("done", j.at("/steps/1/status").asText());
        assertEquals("probes", j.at("/steps/1/statusSource").asText());
        assertEquals(1, j.at("/summary/done").asInt());
    }

    @Test void absentSectionsAreNull() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Report.render(Fixtures.roadmapOnly(), Format.JSON));
        assertTrue(j.get("verdicts").isNull());
        assertTrue(j.get("cost").isNull());
        assertTrue(j.get("progress").isNull());
        assertEquals(4, j.get("steps").size());
    }
}
