package memdesc.scenario;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The map of the scenarios: every scenario class is registered once, and each answers to its own name. */
class RegistryTest {
    @Test
    void everyScenarioClassIsRegisteredAndNamesItsFile() throws IOException, URISyntaxException {
        Path dir = Path.of(Scenario.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("memdesc/scenario");
        Set<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Scenario.class") && !n.equals("Scenario.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> registered = Registry.ALL.stream().map(x -> x.getClass().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(classes, registered, "a Scenario class that is not in Registry.ALL never runs");
        assertEquals(Registry.ALL.size(), registered.size(), "a scenario registered twice");
        for (Scenario sc : Registry.ALL) {
            // page_pool -> PagePoolScenario, memory_failure -> MemoryFailureScenario: the file is found from the name
            String camel = Stream.of(sc.name().split("_")).map(w -> w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1))
                    .collect(Collectors.joining());
            assertEquals(camel.toLowerCase() + "scenario", sc.getClass().getSimpleName().toLowerCase(), sc.name());
            assertEquals(sc, Registry.get(sc.name()));
        }
        assertNull(Registry.get("no_such"));
        assertEquals(List.copyOf(Scenarios.names()), Registry.ALL.stream().map(Scenario::name).toList());
        assertEquals("boot", Scenarios.names().get(0), "every run reports boot first");
    }
}
