package memdesc.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Layering of the dependency graph for drawing: longest-path layers, then a barycentre ordering. */
final class Dag {
    private Dag() {}

    /**
     * A root (no needs) is in layer 0; any other node one layer past its deepest need, so every edge
     * points from a lower layer to a higher one. {@code needs} maps node -> the nodes it needs.
     */
    static Map<String, Integer> longestPathLayers(Map<String, List<String>> needs) {
        Map<String, Integer> layer = new HashMap<>();
        for (String n : needs.keySet()) layerOf(n, needs, layer, new java.util.HashSet<>());
        return layer;
    }

    private static int layerOf(String n, Map<String, List<String>> needs, Map<String, Integer> layer,
                               java.util.Set<String> onPath) {
        Integer known = layer.get(n);
        if (known != null) return known;
        if (!onPath.add(n)) return 0; // a cycle cannot come from a loaded roadmap; do not loop on one
        int l = 0;
        for (String m : needs.getOrDefault(n, List.of())) l = Math.max(l, layerOf(m, needs, layer, onPath) + 1);
        onPath.remove(n);
        layer.put(n, l);
        return l;
    }

    /**
     * Nodes grouped by layer. Within a layer, nodes are ordered by the mean position of their needs in
     * the previous layers (fewer crossings), ties in input order.
     */
    static List<List<String>> byLayer(Map<String, List<String>> needs, Map<String, Integer> layer) {
        int max = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        List<List<String>> out = new ArrayList<>();
        Map<String, Double> pos = new HashMap<>();
        List<String> order = new ArrayList<>(needs.keySet());
        for (int l = 0; l <= max; l++) {
            final int fl = l;
            List<String> nodes = new ArrayList<>(order.stream().filter(n -> layer.get(n) == fl).toList());
            Map<String, Double> key = new HashMap<>();
            for (String n : nodes) {
                List<String> ns = needs.getOrDefault(n, List.of());
                double k = ns.isEmpty() ? order.indexOf(n) / (double) Math.max(1, order.size()) * nodes.size()
                        : ns.stream().mapToDouble(m -> pos.getOrDefault(m, 0.0)).average().orElse(0);
                key.put(n, k);
            }
            if (l > 0) nodes.sort(Comparator.comparingDouble(key::get));
            for (int i = 0; i < nodes.size(); i++) pos.put(nodes.get(i), (double) i);
            out.add(nodes);
        }
        return out;
    }
}
