package memdesc.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost of every state for one population, rendered as an aligned text table, JSON or CSV.
 *
 * @param population      where the population comes from
 * @param frames          page frames of the machine
 * @param ramBytes        frames x 4 KiB
 * @param nodes           nodes assumed (zone size for zone-relative PFNs)
 * @param guest           a virtual machine: the host pays the memmap again
 * @param baseline        id of the baseline state (first row)
 * @param descriptorKinds descriptor kinds separated in at least one state, in first-seen order
 * @param rows            one per state, baseline first
 * @param slices          the population itself
 * @param notes           assumptions, printed with the table
 */
public record CostReport(String population, long frames, long ramBytes, int nodes, boolean guest, String baseline,
                         List<String> descriptorKinds, List<Row> rows, List<Population.Slice> slices,
                         List<String> notes) {

    /**
     * One state's cost.
     *
     * @param memmapBytes     frames x structPageBytes (the guest's, with --guest)
     * @param hostMemmapBytes the host's memmap for the same RAM with --guest, else 0
     * @param descriptorBytes bytes of slab pages holding separately allocated descriptors
     * @param totalBytes      memmap (x2 with --guest) + descriptors
     * @param percentRam      totalBytes as a percentage of the machine's RAM
     * @param deltaBytes      totalBytes minus the baseline's (negative = saves)
     * @param breakEven       per descriptor kind: the smallest order that beats the baseline, null = never
     */
    public record Row(String id, String title, long structPageBytes, long memmapBytes, long hostMemmapBytes,
                      Map<String, Long> descriptorBytesByKind, long descriptorBytes, long totalBytes,
                      double percentRam, long deltaBytes, Map<String, Integer> breakEven) {
        public Row {
            descriptorBytesByKind = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(descriptorBytesByKind));
            breakEven = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(breakEven));
        }
    }

    public CostReport {
        descriptorKinds = List.copyOf(descriptorKinds);
        rows = List.copyOf(rows);
        slices = List.copyOf(slices);
        notes = List.copyOf(notes);
    }

    /** The row of a state, or null. */
    public Row row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** An aligned table for a terminal or an e-mail (no tabs, no colour). */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Memory cost of struct page and memory descriptors\n");
        b.append("population: ").append(population).append('\n');
        b.append("machine:    ").append(size(ramBytes)).append(" = ").append(frames).append(" frames of 4 KiB, ")
                .append(nodes).append(nodes == 1 ? " node" : " nodes").append(guest ? ", virtual machine (--guest)" : "")
                .append('\n').append('\n');
        if (guest) b.append("(memmap: the guest's; host: the host's memmap of the same RAM)\n\n");
        // short headers so the table fits 80 columns (page: sizeof(struct page))
        List<String> head = new ArrayList<>(List.of("state", "page", "memmap"));
        if (guest) head.add("host");
        head.addAll(List.of("descriptors", "total", "% RAM", "vs " + baseline));
        Table t = new Table(head, "llrrrrrr".substring(0, 2) + "r".repeat(head.size() - 2));
        for (Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.id(), r.structPageBytes() + " B", size(r.memmapBytes())));
            if (guest) c.add(size(r.hostMemmapBytes()));
            c.addAll(List.of(size(r.descriptorBytes()), size(r.totalBytes()), percent(r.percentRam()),
                    r.id().equals(baseline) ? "-" : signedSize(r.deltaBytes())));
            t.add(c);
        }
        b.append(t);
        b.append('\n');
        for (Row r : rows) {
            b.append("  ").append(r.id()).append(": ").append(r.title());
            List<String> parts = new ArrayList<>();
            r.descriptorBytesByKind().forEach((k, v) -> parts.add(k + " " + size(v)));
            if (!parts.isEmpty()) b.append(" [descriptors: ").append(String.join(", ", parts)).append(']');
            b.append('\n');
        }
        if (!descriptorKinds.isEmpty()) {
            b.append("\nBreak-even order: the smallest allocation order at which one allocation uses\n")
                    .append("less metadata (memmap of its pages + its descriptor) than in ").append(baseline).append('\n');
            List<String> h = new ArrayList<>(List.of("state"));
            h.addAll(descriptorKinds);
            Table be = new Table(h, "l" + "r".repeat(descriptorKinds.size()));
            for (Row r : rows) {
                List<String> c = new ArrayList<>(List.of(r.id()));
                for (String k : descriptorKinds) c.add(order(r.breakEven().get(k)));
                be.add(c);
            }
            b.append(be);
        }
        b.append("\nPopulation (allocations by kind and order):\n");
        Table pt = new Table(List.of("kind", "order", "allocations", "memory", "% of RAM"), "lrrrr");
        for (Population.Slice s : sortedSlices())
            pt.add(List.of(s.kind().key(), Integer.toString(s.order()), Long.toString(s.allocations()),
                    size(s.frames() * MemoryCost.PAGE_SIZE), percent(100.0 * s.frames() / frames)));
        b.append(pt);
        b.append("\nAssumptions:\n");
        for (String n : notes) b.append("  - ").append(n).append('\n');
        return b.toString();
    }

    /** The same content as JSON (bytes as integers, break-even order null = never). */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("population", population);
        m.put("frames", frames);
        m.put("ramBytes", ramBytes);
        m.put("nodes", nodes);
        m.put("guest", guest);
        m.put("baseline", baseline);
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", r.id());
            o.put("title", r.title());
            o.put("structPageBytes", r.structPageBytes());
            o.put("memmapBytes", r.memmapBytes());
            if (guest) o.put("hostMemmapBytes", r.hostMemmapBytes());
            o.put("descriptorBytes", r.descriptorBytes());
            o.put("descriptorBytesByKind", r.descriptorBytesByKind());
            o.put("totalBytes", r.totalBytes());
            o.put("percentRam", r.percentRam());
            o.put("deltaBytes", r.deltaBytes());
            o.put("breakEvenOrder", r.breakEven());
            rs.add(o);
        }
        m.put("states", rs);
        List<Object> ps = new ArrayList<>();
        for (Population.Slice s : sortedSlices())
            ps.add(Map.of("kind", s.kind().key(), "order", s.order(), "allocations", s.allocations(), "frames", s.frames()));
        m.put("populationSlices", ps);
        m.put("assumptions", notes);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One CSV line per state (RFC 4180 quoting), with a header; break-even "never" is empty. */
    public String csv() {
        StringBuilder b = new StringBuilder("state,title,struct_page_bytes,memmap_bytes,host_memmap_bytes,descriptor_bytes,"
                + "total_bytes,percent_ram,delta_bytes");
        for (String k : descriptorKinds) b.append(",break_even_order_").append(k);
        b.append("\r\n");
        for (Row r : rows) {
            b.append(csvField(r.id())).append(',').append(csvField(r.title())).append(',').append(r.structPageBytes())
                    .append(',').append(r.memmapBytes()).append(',').append(r.hostMemmapBytes()).append(',')
                    .append(r.descriptorBytes()).append(',').append(r.totalBytes()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", r.percentRam())).append(',').append(r.deltaBytes());
            for (String k : descriptorKinds) {
                Integer o = r.breakEven().get(k);
                b.append(',').append(o == null ? "" : o.toString());
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    private List<Population.Slice> sortedSlices() {
        Map<String, Population.Slice> m = new TreeMap<>();
        for (Population.Slice s : slices)
            if (s.allocations() > 0) m.put(String.format("%02d/%03d", s.kind().ordinal(), s.order()), s);
        return new ArrayList<>(m.values());
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String order(Integer o) {
        return o == null ? "never" : Integer.toString(o);
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, p != 0 && Math.abs(p) < 0.01 ? "%.4f%%" : "%.2f%%", p);
    }

    static String signedSize(long bytes) {
        return (bytes > 0 ? "+" : bytes < 0 ? "-" : "") + size(Math.abs(bytes));
    }

    /** Binary units; exact multiples print without decimals ("2 TiB"), others with two ("9.23 GiB"). */
    public static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (u < units.length - 1 && bytes >= (1L << (10 * (u + 1)))) u++;
        long unit = 1L << (10 * u);
        if (bytes % unit == 0) return (bytes / unit) + " " + units[u];
        return String.format(Locale.ROOT, "%.2f %s", (double) bytes / unit, units[u]);
    }

    /** A left/right aligned table of strings. */
    private static final class Table {
        private final List<List<String>> rows = new ArrayList<>();
        private final String align;

        Table(List<String> head, String align) {
            this.align = align;
            rows.add(head);
        }

        void add(List<String> row) {
            rows.add(row);
        }

        /** Columns two spaces apart, or one when two would make the table wider than 80 columns. */
        @Override public String toString() {
            int[] w = new int[rows.get(0).size()];
            for (List<String> r : rows) for (int i = 0; i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
            int width = 2 * (w.length - 1);
            for (int x : w) width += x;
            String gap = width > 80 ? " " : "  ";
            StringBuilder b = new StringBuilder();
            for (List<String> r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.size(); i++) {
                    if (i > 0) line.append(gap);
                    String c = r.get(i);
                    String pad = " ".repeat(w[i] - c.length());
                    line.append(align.charAt(i) == 'r' ? pad + c : c + pad);
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
            return b.toString();
        }
    }
}
