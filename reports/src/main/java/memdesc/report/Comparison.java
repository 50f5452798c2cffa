package memdesc.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import memdesc.cost.BuddyDescriptor;
import memdesc.cost.CostReport;
import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.cost.StateShape;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.User;
import memdesc.verify.Check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plans side by side ({@code memdesc compare A.yaml B.yaml ...}): for each roadmap its length and verdict,
 * where its final state leaves struct page, what the final state costs against the baseline on every
 * population, the break-even allocation order of each descriptor kind, the largest machine the final
 * state's buddy descriptor can describe, which kernel users the plan changes, and how many uses of its
 * probes a kernel tree still has. All from the states' computed layouts; nothing is assumed per plan.
 *
 * @param populations the populations every plan is costed on, in order (a mix on a machine, or a real machine)
 */
public record Comparison(List<String> populations, List<Plan> plans) {
    public Comparison {
        populations = List.copyOf(populations);
        plans = List.copyOf(plans);
    }

    /**
     * One plan.
     *
     * @param statesOk        states that build and pass; null when the plans were not checked
     * @param firstBad        the first state that does not ("16 shrink-32"), or null
     * @param memmapPercent   the final struct page as a share of the memory it describes (size / 4 KiB)
     * @param costs           the final state on each population, in {@link #populations()} order
     * @param breakEven       per descriptor kind separate in the final state: the smallest order at which an
     *                        allocation costs less than in the baseline; null = never up to order 10
     * @param largestMachine  what the final state's buddy descriptor can address ("no limit" when it holds pointers)
     * @param usersChanged    users whose accesses differ between the baseline and the final state
     * @param disabledAtEnd   users still disabled in the final state
     * @param probeUsesLeft   the plan's probe matches at the newest ref of the progress given; null without one
     * @param totalsByState   memmap + descriptors of every state on the first population (the chart), null where
     *                        a state does not lay out or cannot be costed there
     * @param stepsDiffering  steps of this plan that the first plan does not have as they are (by id and
     *                        checksum), and the first plan's steps this one lacks (as "-id"); empty for the first
     */
    public record Plan(String name, String file, int steps, Integer statesOk, int states, String firstBad,
                       String finalState, long finalPageBytes, long baselinePageBytes, double memmapPercent,
                       List<PlanCost> costs, Map<String, Integer> breakEven, String largestMachine,
                       List<String> usersChanged, List<String> disabledAtEnd, int probes, Long probeUsesLeft,
                       String progressRef, List<Long> totalsByState, List<String> stepsDiffering) {
        public Plan {
            stepsDiffering = List.copyOf(stepsDiffering);
            costs = List.copyOf(costs);
            breakEven = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(breakEven));
            usersChanged = List.copyOf(usersChanged);
            disabledAtEnd = List.copyOf(disabledAtEnd);
            totalsByState = java.util.Collections.unmodifiableList(new ArrayList<>(totalsByState));
        }
    }

    /** The final state against the baseline on one population; {@code impossible} says why it cannot be costed. */
    public record PlanCost(String population, long ramBytes, long baselineTotal, long memmap, long descriptors,
                           long total, double percentRam, String impossible) {}

    /**
     * Compares the plans. {@code checks} (one per plan, in order) may be null: the verdict column then reads
     * "not checked". {@code progress} may be null: probe uses are then not counted.
     */
    public static Comparison of(List<Roadmap> roadmaps, List<Population> populations, List<Check.Result> checks, Progress progress) {
        if (roadmaps.isEmpty()) throw new InputException("memdesc compare: no roadmap to compare");
        if (populations.isEmpty()) throw new IllegalArgumentException("no population");
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < roadmaps.size(); i++)
            plans.add(plan(roadmaps.get(i), populations, checks == null ? null : checks.get(i), progress,
                    i == 0 ? List.of() : differing(roadmaps.get(0), roadmaps.get(i))));
        return new Comparison(populations.stream().map(p -> p.name() + ", " + CostReport.size(p.ramBytes())).toList(), plans);
    }

    /** The steps of {@code r} not in {@code first} as they are there, then first's steps that r lacks ("-id"). */
    static List<String> differing(Roadmap first, Roadmap r) {
        Map<String, String> sums = new LinkedHashMap<>();
        first.steps().forEach(s -> sums.put(s.id(), s.checksum()));
        List<String> out = new ArrayList<>();
        Set<String> mine = new LinkedHashSet<>();
        for (var s : r.steps()) {
            mine.add(s.id());
            if (!s.checksum().equals(sums.get(s.id()))) out.add(s.id());
        }
        for (String id : sums.keySet()) if (!mine.contains(id)) out.add("-" + id);
        return out;
    }

    static Plan plan(Roadmap r, List<Population> populations, Check.Result check, Progress progress, List<String> differing) {
        List<StateShape> shapes = MemoryCost.shapes(r);
        StateShape base = shapes.get(0), last = shapes.get(shapes.size() - 1);
        List<PlanCost> costs = new ArrayList<>();
        for (Population p : populations) costs.add(cost(base, last, p));
        Map<String, Integer> breakEven = new LinkedHashMap<>();
        last.separate().forEach(d -> breakEven.put(d.kind(), MemoryCost.breakEvenOrder(base, last, d.kind())));
        List<Long> totals = new ArrayList<>();
        for (StateShape s : shapes) {
            PlanCost c = cost(base, s, populations.get(0));
            totals.add(c.impossible() == null ? c.total() : null);
        }
        List<State> states = r.states();
        State b = states.get(0), f = states.get(states.size() - 1);
        List<String> changed = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>(b.users().keySet());
        ids.addAll(f.users().keySet());
        for (String id : ids)
            if (!Objects.equals(accesses(b.users().get(id)), accesses(f.users().get(id)))) changed.add(id);
        Integer ok = null;
        String firstBad = null;
        if (check != null) {
            ok = (int) check.good();
            firstBad = check.firstBad().map(v -> v.index() + " " + v.stepId()).orElse(null);
        }
        int probes = 0;
        Long left = null;
        String ref = null;
        List<String> names = new ArrayList<>();
        r.steps().forEach(s -> s.probes().forEach(p -> names.add(p.name())));
        probes = names.size();
        if (progress != null && !names.isEmpty()) {
            ref = progress.newestRef();
            long sum = 0;
            boolean all = true;
            for (String n : names) {
                Long c = progress.count(ref, n);
                if (c == null) all = false;
                else sum += c;
            }
            left = all ? sum : null;
        }
        return new Plan(r.name(), r.file(), r.steps().size(), ok, states.size(), firstBad, last.id(), last.structPageBytes(),
                base.structPageBytes(), 100.0 * last.structPageBytes() / MemoryCost.PAGE_SIZE, costs, breakEven,
                largest(last.buddy()), changed, List.copyOf(f.disabled().keySet()), probes, left, ref, totals, differing);
    }

    private static PlanCost cost(StateShape base, StateShape s, Population p) {
        try {
            var rows = MemoryCost.account(List.of(base, s), p, 1, false).rows();
            CostReport.Row row = rows.get(rows.size() - 1);
            return new PlanCost(p.name(), p.ramBytes(), rows.get(0).totalBytes(), row.memmapBytes(), row.descriptorBytes(),
                    row.totalBytes(), row.percentRam(), null);
        } catch (InputException e) {
            return new PlanCost(p.name(), p.ramBytes(), 0, 0, 0, 0, 0, e.getMessage().replaceFirst("^error: ", ""));
        }
    }

    private static List<String> accesses(User u) {
        return u == null ? null : u.accesses().stream().map(a -> a.member().toString()).sorted().toList();
    }

    static String largest(BuddyDescriptor b) {
        if (b == null || b.pfnBits() == 0) return "no limit (pointers)";
        return CostReport.size((1L << b.pfnBits()) * MemoryCost.PAGE_SIZE) + (b.zoneRelative() ? " per zone" : "");
    }

    // ------------------------------------------------------------------------------------ rendering

    /**
     * The table every format prints: a row per figure, a column per plan. {@code md} writes code spans and
     * arrows for Markdown and HTML; plain text keeps to ASCII.
     */
    List<List<String>> rows(boolean md) {
        List<List<String>> rows = new ArrayList<>();
        row(rows, "steps", p -> String.valueOf(p.steps()));
        if (plans.size() > 1) row(rows, "steps unlike " + shortName(plans.get(0).file()), Comparison::differs);
        row(rows, "verdict", Comparison::verdict);
        row(rows, "final state", p -> md ? "`" + p.finalState() + "`" : p.finalState());
        row(rows, "struct page", p -> p.baselinePageBytes() + (md ? " → " : " -> ") + p.finalPageBytes() + " B");
        row(rows, "memmap, % of RAM", p -> Fmt.pct(p.memmapPercent()));
        for (int i = 0; i < populations.size(); i++) {
            int k = i;
            row(rows, "total, " + populations.get(i), p -> total(p.costs().get(k)));
        }
        Set<String> kinds = new LinkedHashSet<>();
        plans.forEach(p -> kinds.addAll(p.breakEven().keySet()));
        for (String kind : kinds)
            row(rows, "break-even order, " + kind, p -> !p.breakEven().containsKey(kind) ? "-"
                    : p.breakEven().get(kind) == null ? "never" : String.valueOf(p.breakEven().get(kind)));
        row(rows, "largest machine", Plan::largestMachine);
        row(rows, "users changed", p -> md ? p.usersChanged().size() + ": " + String.join(", ", p.usersChanged())
                : String.valueOf(p.usersChanged().size()));
        row(rows, "users disabled at the end", p -> String.valueOf(p.disabledAtEnd().size()));
        row(rows, "probes", p -> String.valueOf(p.probes()));
        if (plans.stream().anyMatch(p -> p.progressRef() != null))
            row(rows, "probe uses left", p -> p.probeUsesLeft() == null ? "not counted" : p.probeUsesLeft() + " at " + p.progressRef());
        return rows;
    }

    /** Plain text: the table with file names as column headings, 80 columns for up to three plans. */
    public String text() {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        head.add("");
        plans.forEach(p -> head.add(shortName(p.file())));
        rows.add(head);
        rows.addAll(rows(false));
        int[] w = new int[head.size()];
        for (List<String> r : rows) for (int c = 0; c < r.size(); c++) w[c] = Math.max(w[c], Math.min(c == 0 ? 32 : 22, r.get(c).length()));
        StringBuilder b = new StringBuilder("Plans compared: " + plans.size() + "\n\n");
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = Fmt.clip(r.get(c), w[c]);
                line.append(cell).append(" ".repeat(Math.max(0, w[c] - cell.length()) + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        b.append('\n');
        for (Plan p : plans) hanging(b, "Users " + shortName(p.file()) + " changes: ",
                p.usersChanged().isEmpty() ? "none" : String.join(", ", p.usersChanged()));
        b.append("\nTotals: memmap + separately allocated descriptors of the final state; the change\n"
                + "is against the baseline of the same plan. Break-even: the smallest allocation\n"
                + "order that costs less metadata than in the baseline.\n");
        return b.toString();
    }

    /** {@code head} then the words, wrapped at 80 columns, continuation lines indented by two. */
    private static void hanging(StringBuilder b, String head, String text) {
        StringBuilder line = new StringBuilder(head);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > 80 && line.toString().strip().length() > 0) {
                b.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder("  ");
            }
            if (line.length() > 2 && !line.toString().endsWith(" ")) line.append(' ');
            line.append(word);
        }
        b.append(line).append('\n');
    }

    /** Markdown: the same table, a column per plan. */
    public String markdown() {
        StringBuilder b = new StringBuilder("## Plans compared\n\n| |");
        plans.forEach(p -> b.append(' ').append(md(shortName(p.file()))).append(" |"));
        b.append("\n|---|").append("---|".repeat(plans.size())).append('\n');
        for (List<String> r : rows(true)) {
            b.append('|');
            r.forEach(c -> b.append(' ').append(md(c)).append(" |"));
            b.append('\n');
        }
        return b.toString();
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Self-contained HTML: the table, and one chart of every plan's total memory per state on one axis. */
    public String html() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Plans compared</title>\n");
        b.append(HTML_STYLE).append("</head>\n<body>\n<main>\n<h1>Plans compared</h1>\n").append(htmlSection());
        b.append("<footer>Generated by memdesc compare. Self-contained: nothing is fetched.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The chart and the table, as a fragment of a page (compare's page, or a report of several plans). */
    public String htmlSection() {
        StringBuilder b = new StringBuilder("<figure>").append(chart())
                .append("<figcaption>Memmap plus separately allocated descriptors after each step, ").append(Svg.esc(populations.get(0)))
                .append(", as a percentage of RAM: every plan on one axis.</figcaption></figure>\n<table>\n<thead><tr><th></th>");
        plans.forEach(p -> b.append("<th><code>").append(Svg.esc(shortName(p.file()))).append("</code><br>").append(Svg.esc(p.name())).append("</th>"));
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows(true)) {
            b.append("<tr>");
            for (int c = 0; c < r.size(); c++)
                b.append(c == 0 ? "<th>" : "<td>").append(Svg.esc(r.get(c).replace("`", ""))).append(c == 0 ? "</th>" : "</td>");
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return b.toString();
    }

    /** Total memory per state for every plan, one line each, x = state number. */
    String chart() {
        int n = plans.stream().mapToInt(p -> p.totalsByState().size()).max().orElse(1);
        double ram = plans.get(0).costs().get(0).ramBytes();
        double max = plans.stream().flatMap(p -> p.totalsByState().stream()).filter(Objects::nonNull)
                .mapToDouble(t -> 100.0 * t / ram).max().orElse(1);
        Charts.Frame f = new Charts.Frame(1120, 330, 70, 40, 40, 60, n, Charts.niceTicks(Math.max(0.1, max), 6));
        Svg s = f.start("Total metadata per state, every plan", "metadata (% of RAM)", "state number");
        s.text(f.left, 18, "Memmap + descriptors by state, " + populations.get(0), "start", 14, "font-weight=bold", 0);
        Charts.legend(s, f.left + 380, 18, plans.stream().map(p -> Fmt.clip(shortName(p.file()), 14)).toList(), true);
        for (int i = 0; i < n; i++) f.xLabel(s, i, String.valueOf(i));
        for (int j = 0; j < plans.size(); j++) {
            Plan p = plans.get(j);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < p.totalsByState().size(); i++) {
                Long t = p.totalsByState().get(i);
                if (t == null) continue;
                double pct = 100.0 * t / ram;
                xs.add(f.cx(i));
                ys.add(f.y(pct));
                s.circle(f.cx(i), f.y(pct), 3.5, Charts.PALETTE[j % Charts.PALETTE.length],
                        shortName(p.file()) + ", state " + i + ": " + Fmt.pct(pct) + " (" + Fmt.bytes(t) + ")");
            }
            s.polyline(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                    Charts.PALETTE[j % Charts.PALETTE.length], 2, "class=plan");
        }
        return s.toString();
    }

    private static final String HTML_STYLE = "<style>body{margin:0;background:#f4f6f8;color:#1d2329;font:14px/1.45 system-ui,\"DejaVu Sans\",sans-serif}"
            + "main{max-width:1180px;margin:0 auto;padding:24px 28px;background:#fff}table{border-collapse:collapse;width:100%;font-size:13px}"
            + "th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #d9dee3;vertical-align:top}thead th{background:#eef1f4}"
            + "svg.chart{max-width:100%;height:auto;display:block}footer{color:#5b6570;font-size:12px;margin-top:24px}</style>\n";

    private static String differs(Plan p) {
        if (p == null || p.stepsDiffering().isEmpty()) return "-";
        return p.stepsDiffering().size() <= 2 ? String.join(", ", p.stepsDiffering()) : p.stepsDiffering().size() + " steps";
    }

    private static String verdict(Plan p) {
        if (p.statesOk() == null) return "not checked";
        if (p.firstBad() == null) return p.statesOk() + "/" + p.states() + " ok";
        return p.statesOk() + "/" + p.states() + ", first bad " + p.firstBad();
    }

    private static String total(PlanCost c) {
        if (c.impossible() != null) return "impossible";
        long d = c.total() - c.baselineTotal();
        return Fmt.bytes(c.total()) + " (" + (d < 0 ? "-" : "+") + Fmt.bytes(Math.abs(d)) + ")";
    }

    private void row(List<List<String>> rows, String label, java.util.function.Function<Plan, String> f) {
        List<String> r = new ArrayList<>();
        r.add(label);
        plans.forEach(p -> r.add(f.apply(p)));
        rows.add(r);
    }

    static String shortName(String file) {
        String f = file.replace('\\', '/');
        return f.substring(f.lastIndexOf('/') + 1);
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }
}
