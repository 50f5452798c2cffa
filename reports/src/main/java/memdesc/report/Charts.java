package memdesc.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The report's charts as inline SVG, drawn from the model with {@link Svg}. Null: no data to draw. */
final class Charts {
    private Charts() {}

    /** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
    static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999933"};
    static final String AXIS = "#333333", GRID = "#dddddd", MUTED = "#666666";
    static final String DONE = "#009E73", IN_PROGRESS = "#E69F00", PLANNED = "#9aa5b1", BAD = "#D55E00";

    record Point(int index, String stepId, long bytes, boolean builds) {}

    /** sizeof(struct page) per state: from the verdicts, else from the cost table. */
    static String structPage(ReportModel m) {
        List<Point> pts = new ArrayList<>();
        if (m.verdicts() != null && !m.verdicts().isEmpty()) {
            m.verdicts().forEach(v -> pts.add(new Point(v.index(), v.stepId(), v.structPageBytes(), v.builds())));
        } else if (m.cost() != null && !m.cost().isEmpty()) {
            m.cost().forEach(c -> pts.add(new Point(c.index(), c.stepId(), c.structPageBytes(), true)));
        } else {
            return null;
        }
        long max = pts.stream().mapToLong(Point::bytes).max().orElse(0);
        int below = labelRoom(pts.stream().map(p -> p.index() + " " + p.stepId()).toList());
        Frame f = new Frame(1120, 240 + below, 70, 24, 40, below, pts.size(), niceTicks(Math.max(8, max), 8));
        Svg s = f.start("sizeof(struct page) by state", "struct page (bytes)", "state (step number and id)");
        s.text(f.left, 18, "sizeof(struct page) after each step", "start", 14, "font-weight=bold", 0);
        // the staircase: a flat run across each state's band, a riser where the size changes; a state
        // that does not build breaks the line
        List<List<double[]>> runs = new ArrayList<>();
        List<double[]> run = null;
        long prev = -1;
        for (int i = 0; i < pts.size(); i++) {
            Point p = pts.get(i);
            if (!p.builds() || p.bytes() <= 0) {
                s.rect(f.x0(i), f.top, f.band(), f.bottom - f.top, BAD, "fill-opacity=0.10",
                        p.index() + " " + p.stepId() + ": does not build");
                s.text(f.cx(i), f.bottom - 8, f.band() >= 110 ? "\u2717 does not build" : "\u2717", "middle", 13,
                        "fill=" + BAD + ";font-weight=bold", 0);
                run = null;
                prev = -1;
                continue;
            }
            if (run == null) runs.add(run = new ArrayList<>());
            double y = f.y(p.bytes());
            run.add(new double[] {f.x0(i), y});
            run.add(new double[] {f.x1(i), y});
            s.rect(f.x0(i), y, f.band(), f.bottom - y, "#0072B2", "fill-opacity=0.12",
                    p.index() + " " + p.stepId() + ": " + p.bytes() + " bytes");
            if (p.bytes() != prev) {
                s.text(f.x0(i) + 3, y - 6, p.bytes() + " B", "start", 12, "font-weight=bold;fill=#0072B2", 0);
            }
            prev = p.bytes();
        }
        for (List<double[]> r : runs) {
            s.polyline(r.stream().mapToDouble(a -> a[0]).toArray(), r.stream().mapToDouble(a -> a[1]).toArray(),
                    "#0072B2", 2.5, "class=series");
        }
        for (int i = 0; i < pts.size(); i++) f.xLabel(s, i, pts.get(i).index() + " " + pts.get(i).stepId());
        return s.toString();
    }

    /** Metadata (memmap + descriptors) as a percentage of RAM, per state, one bar per machine size. */
    static String overhead(ReportModel m) {
        if (m.cost() == null || m.cost().isEmpty()) return null;
        List<String> machines = m.cost().get(0).machines().stream().map(CostRow.MachineCost::machine).toList();
        double max = m.cost().stream().flatMap(c -> c.machines().stream()).filter(CostRow.MachineCost::fits)
                .mapToDouble(CostRow.MachineCost::percent).max().orElse(1);
        int below = labelRoom(m.cost().stream().map(c -> c.index() + " " + c.stepId()).toList());
        Frame f = new Frame(1120, 240 + below, 70, 40, 40, below, m.cost().size(), niceTicks(Math.max(0.1, max), 6));
        Svg s = f.start("Metadata overhead by state", "metadata (% of RAM)", "state (step number and id)");
        s.text(f.left, 18, "Metadata overhead: memmap + descriptors, % of RAM", "start", 14, "font-weight=bold", 0);
        legend(s, f.right - 110.0 * machines.size(), 18, machines, true);
        int k = Math.max(1, machines.size());
        for (int i = 0; i < m.cost().size(); i++) {
            CostRow c = m.cost().get(i);
            double bw = f.band() * 0.8 / k;
            for (int j = 0; j < c.machines().size(); j++) {
                CostRow.MachineCost mc = c.machines().get(j);
                if (!mc.fits()) {
                    s.text(f.x0(i) + f.band() * 0.1 + j * bw + bw / 2, f.bottom - 4, "\u2717", "middle", 12,
                            "fill=" + BAD + ";font-weight=bold", 0);
                    continue;
                }
                double y = f.y(mc.percent());
                s.rect(f.x0(i) + f.band() * 0.1 + j * bw, y, Math.max(1, bw - 1), f.bottom - y,
                        PALETTE[j % PALETTE.length], "class=bar",
                        c.index() + " " + c.stepId() + ", " + mc.machine() + ": " + Fmt.pct(mc.percent())
                                + " (" + Fmt.bytes(mc.totalBytes()) + ")");
            }
            f.xLabel(s, i, c.index() + " " + c.stepId());
        }
        return s.toString();
    }

    /**
     * Where each release stands on the Path: a row per step, a column per release, each cell coloured by
     * its status (done, in progress with the uses left, not started, no evidence). Steps with no evidence
     * at any release are left out (they say nothing about a tree).
     */
    static String timeline(memdesc.position.Position.Result p) {
        List<memdesc.steps.Step> steps = new ArrayList<>();
        for (memdesc.steps.Step st : p.steps())
            if (p.refs().stream().anyMatch(r -> p.cells().get(r).get(st.id()).status() != memdesc.position.Position.Status.NO_EVIDENCE)) steps.add(st);
        if (steps.isEmpty() || p.refs().isEmpty()) return null;
        int labelW = 170, cellW = Math.max(90, Math.min(160, 900 / p.refs().size())), rowH = 22, top = 56, legendH = 34;
        int width = labelW + cellW * p.refs().size() + 20, height = top + rowH * steps.size() + legendH + 10;
        Svg s = new Svg(width, height, "Status of each step per release in " + p.repo());
        s.text(10, 18, "Where each release stands on the Path (" + p.repo() + ")", "start", 14, "font-weight=bold", 0);
        for (int i = 0; i < p.refs().size(); i++)
            s.text(labelW + cellW * i + cellW / 2.0, top - 10, p.refs().get(i), "middle", 12, "font-weight=bold", 0);
        for (int j = 0; j < steps.size(); j++) {
            memdesc.steps.Step st = steps.get(j);
            double y = top + rowH * j;
            s.text(labelW - 8, y + rowH * 0.68, Fmt.clip(st.id(), 22), "end", 12);
            for (int i = 0; i < p.refs().size(); i++) {
                memdesc.position.Position.Cell c = p.cells().get(p.refs().get(i)).get(st.id());
                double x = labelW + cellW * i;
                s.rect(x + 1, y + 1, cellW - 2, rowH - 2, statusColour(c.status()), "class=cell", st.id() + " at " + p.refs().get(i) + ": " + c.text());
                String label = Views.shortCell(c);
                if (!label.equals("-")) s.text(x + cellW / 2.0, y + rowH * 0.68, label, "middle", 11,
                        c.status() == memdesc.position.Position.Status.DONE ? "fill=#ffffff" : null, 0);
            }
        }
        double ly = top + rowH * steps.size() + 22;
        double lx = labelW;
        for (memdesc.position.Position.Status st : memdesc.position.Position.Status.values()) {
            s.rect(lx, ly - 11, 14, 14, statusColour(st), null);
            String name = st.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            s.text(lx + 20, ly, name, "start", 12);
            lx += 30 + 8 * name.length();
        }
        return s.toString();
    }

    private static String statusColour(memdesc.position.Position.Status st) {
        return switch (st) {
            case DONE -> "#009E73";
            case IN_PROGRESS -> "#E69F00";
            case NOT_STARTED -> "#dddddd";
            case NO_EVIDENCE -> "#f6f6f6";
        };
    }

    /** Remaining matches of each probe across the releases scanned: one line per probe. */
    static String probes(ReportModel m) {
        Progress p = m.progress();
        if (p == null || p.probes().isEmpty()) return null;
        long max = 0;
        for (String ref : p.refs()) for (Progress.ProbeDef d : p.probes()) {
            Long c = p.count(ref, d.name());
            if (c != null) max = Math.max(max, c);
        }
        int legendW = 230;
        Frame f = new Frame(1120, 380, 70, 36, 20 + legendW, 80, p.refs().size(), niceTicks(Math.max(5, max), 6));
        Svg s = f.start("Remaining uses per probe across releases", "matches remaining", "release (git ref)");
        s.text(f.left, 18, "Remaining uses in " + p.repo() + ", per probe", "start", 14, "font-weight=bold", 0);
        for (int i = 0; i < p.refs().size(); i++) f.xLabel(s, i, p.refs().get(i));
        List<String> names = new ArrayList<>();
        for (int j = 0; j < p.probes().size(); j++) {
            String name = p.probes().get(j).name();
            names.add(name);
            String colour = PALETTE[j % PALETTE.length];
            String dash = j < PALETTE.length ? null : "stroke-dasharray=6 3";
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < p.refs().size(); i++) {
                Long c = p.count(p.refs().get(i), name);
                if (c == null) continue;
                pts.add(new double[] {f.cx(i), f.y(c)});
            }
            s.polyline(pts.stream().mapToDouble(a -> a[0]).toArray(), pts.stream().mapToDouble(a -> a[1]).toArray(),
                    colour, 2, "class=series" + (dash == null ? "" : ";" + dash));
            for (int i = 0; i < p.refs().size(); i++) {
                Long c = p.count(p.refs().get(i), name);
                if (c != null) s.circle(f.cx(i), f.y(c), 3.5, colour, name + " at " + p.refs().get(i) + ": " + c);
            }
        }
        // legend on the right, with the count at the newest ref
        double lx = f.right + 24, ly = f.top + 4;
        s.text(lx, ly, "probe (matches at " + p.newestRef() + ")", "start", 12, "font-weight=bold", 0);
        for (int j = 0; j < names.size(); j++) {
            double y = ly + 20 + j * 20;
            String colour = PALETTE[j % PALETTE.length];
            s.line(lx, y - 4, lx + 22, y - 4, colour, 3, j < PALETTE.length ? null : "stroke-dasharray=6 3");
            Long c = p.count(p.newestRef(), names.get(j));
            s.text(lx + 28, y, Fmt.clip(names.get(j), 24) + "  " + (c == null ? "-" : c), "start", 12);
        }
        return s.toString();
    }

    /** One probe's matches across the releases: a small line chart. */
    static String trend(Progress p, String probe) {
        long max = 0;
        for (String ref : p.refs()) {
            Long c = p.count(ref, probe);
            if (c != null) max = Math.max(max, c);
        }
        Frame f = new Frame(560, 220, 60, 30, 20, 60, p.refs().size(), niceTicks(Math.max(5, max), 4));
        Svg s = f.start(probe + " across releases", "matches", "release (git ref)");
        s.text(f.left, 18, probe, "start", 13, "font-weight=bold", 0);
        for (int i = 0; i < p.refs().size(); i++) f.xLabel(s, i, p.refs().get(i));
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < p.refs().size(); i++) {
            Long c = p.count(p.refs().get(i), probe);
            if (c != null) pts.add(new double[] {f.cx(i), f.y(c)});
        }
        s.polyline(pts.stream().mapToDouble(a -> a[0]).toArray(), pts.stream().mapToDouble(a -> a[1]).toArray(), PALETTE[0], 2, "class=series");
        for (int i = 0; i < p.refs().size(); i++) {
            Long c = p.count(p.refs().get(i), probe);
            if (c != null) s.circle(f.cx(i), f.y(c), 3.5, PALETTE[0], probe + " at " + p.refs().get(i) + ": " + c);
        }
        return s.toString();
    }

    /**
     * The dependency graph as a layered DAG, read top to bottom: a band per layer (a layer wider than the
     * chart wraps onto more lines), a box per step, an arrow from each need to the step that needs it.
     * Drawn at its natural size so labels stay readable.
     */
    static String dag(ReportModel m) {
        ReportModel.Deps d = m.deps();
        if (d == null || d.rows().isEmpty()) return null;
        Map<String, ReportModel.StepRow> steps = new HashMap<>();
        m.steps().forEach(r -> steps.put(r.id(), r));
        int width = 1120, left = 70, boxW = 132, boxH = 26, pitch = 142, lineH = 40, layerGap = 64, top = 84;
        int perLine = Math.max(1, (width - left - 10) / pitch);
        Map<String, double[]> at = new HashMap<>();
        List<double[]> bands = new ArrayList<>(); // y of each layer's first line, and its line count
        double y = top;
        for (List<String> layer : d.layers()) {
            int lines = (layer.size() + perLine - 1) / perLine;
            bands.add(new double[] {y, lines});
            for (int i = 0; i < layer.size(); i++) {
                int line = i / perLine, col = i % perLine;
                int onLine = Math.min(perLine, layer.size() - line * perLine);
                double x0 = left + (width - left - onLine * pitch) / 2.0; // centre each line
                at.put(layer.get(i), new double[] {x0 + col * pitch + (pitch - boxW) / 2.0, y + line * lineH});
            }
            y += (lines - 1) * lineH + layerGap;
        }
        double height = y - layerGap + boxH + 16;
        String what = d.inferred() ? "inferred needs" : "declared requires (inference not computed)";
        Svg s = new Svg(width, height, "Dependency graph: " + what);
        s.arrowMarker("arrow", MUTED).arrowMarker("arrow-bad", BAD);
        s.text(0, 18, "Dependency graph: " + what, "start", 14, "font-weight=bold", 0);
        s.text(0, 38, "a step sits one layer below its deepest need; an arrow runs from a need to the step that needs it",
                "start", 12, "fill=" + MUTED, 0);
        legend(s, 0, 60, List.of("done", "in progress", "planned"), false);
        for (int l = 0; l < bands.size(); l++) {
            double[] b = bands.get(l);
            if (l % 2 == 1) s.rect(0, b[0] - 8, width, (b[1] - 1) * lineH + boxH + 16, "#f3f5f7", null);
            s.text(8, b[0] + 17, "layer " + l, "start", 12, "fill=" + MUTED, 0);
        }
        for (ReportModel.DepRow r : d.rows()) {
            List<String> needs = d.inferred() ? r.inferred() : r.declared();
            double[] to = at.get(r.step());
            for (String need : needs) {
                double[] from = at.get(need);
                if (from == null || to == null) continue;
                double x1 = from[0] + boxW / 2.0, y1 = from[1] + boxH, x2 = to[0] + boxW / 2.0, y2 = to[1];
                double mid = Math.max(16, (y2 - y1) / 2);
                boolean undeclared = r.undeclared().contains(need);
                s.path("M" + Svg.n(x1) + "," + Svg.n(y1) + " C" + Svg.n(x1) + "," + Svg.n(y1 + mid) + " " + Svg.n(x2)
                                + "," + Svg.n(y2 - mid) + " " + Svg.n(x2) + "," + Svg.n(y2 - 1), undeclared ? BAD : MUTED,
                        undeclared ? 2 : 1.2, "none", "class=edge;marker-end=url(#" + (undeclared ? "arrow-bad" : "arrow") + ")"
                                + (undeclared ? ";stroke-dasharray=5 3" : ""));
            }
        }
        for (ReportModel.DepRow r : d.rows()) {
            double[] p = at.get(r.step());
            ReportModel.StepRow st = steps.get(r.step());
            String status = st == null ? "planned" : st.status();
            String fill = switch (status) {
                case "done" -> DONE;
                case "in-progress" -> IN_PROGRESS;
                default -> PLANNED;
            };
            s.rect(p[0], p[1], boxW, boxH, fill, "rx=4;class=node;stroke=#333333;stroke-width=0.8",
                    r.number() + " " + r.step() + (st == null ? "" : ": " + st.title() + " (" + Fmt.status(status) + ")"));
            s.text(p[0] + boxW / 2.0, p[1] + 17, Fmt.clip(r.step(), 20), "middle", 12,
                    status.equals("done") ? "fill=#ffffff" : "fill=#000000", 0);
        }
        return s.toString();
    }

    static void legend(Svg s, double x, double y, List<String> labels, boolean palette) {
        String[] status = {DONE, IN_PROGRESS, PLANNED};
        for (int j = 0; j < labels.size(); j++) {
            String c = palette ? PALETTE[j % PALETTE.length] : status[j];
            s.rect(x + j * 110, y - 10, 12, 12, c, null);
            s.text(x + j * 110 + 17, y, labels.get(j), "start", 12);
        }
    }

    /** Room under the x axis for labels slanted at 40 degrees (about 4 px of height per character), and the title. */
    static int labelRoom(List<String> labels) {
        int longest = labels.stream().mapToInt(l -> Math.min(20, Fmt.len(l))).max().orElse(0);
        return 48 + (int) Math.ceil(longest * 4.3);
    }

    /** 1, 2 or 5 times a power of ten, so that about {@code n} ticks cover 0..max. */
    static double[] niceTicks(double max, int n) {
        double raw = max / n;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag <= 1 ? mag : raw / mag <= 2 ? 2 * mag : raw / mag <= 5 ? 5 * mag : 10 * mag;
        if (max >= 8 && max <= 64 && n == 8) step = 8; // bytes of struct page read best in words
        int k = (int) Math.ceil(max / step - 1e-9);
        double[] t = new double[k + 1];
        for (int i = 0; i <= k; i++) t[i] = i * step;
        return t;
    }

    /** A plot area with a linear y axis from 0 and a band per x category. */
    static final class Frame {
        final double w, h, left, top, right, bottom;
        final int n;
        final double[] ticks;

        Frame(double w, double h, double left, double top, double rightMargin, double bottomMargin, int n, double[] ticks) {
            this.w = w;
            this.h = h;
            this.left = left;
            this.top = top + 20;
            this.right = w - rightMargin;
            this.bottom = h - bottomMargin;
            this.n = Math.max(1, n);
            this.ticks = ticks;
        }

        double band() {
            return (right - left) / n;
        }

        double x0(int i) {
            return left + i * band();
        }

        double x1(int i) {
            return left + (i + 1) * band();
        }

        double cx(int i) {
            return left + (i + 0.5) * band();
        }

        double y(double v) {
            double max = ticks[ticks.length - 1];
            return bottom - (max <= 0 ? 0 : v / max * (bottom - top));
        }

        Svg start(String label, String yTitle, String xTitle) {
            Svg s = new Svg(w, h, label);
            s.rect(0, 0, w, h, "#ffffff", null);
            for (double t : ticks) {
                double y = y(t);
                s.line(left, y, right, y, GRID, 1, null);
                s.text(left - 8, y + 4, Fmt.tick(t), "end", 12);
            }
            s.line(left, top - 6, left, bottom, AXIS, 1.5, "class=axis");
            s.line(left, bottom, right, bottom, AXIS, 1.5, "class=axis");
            s.text(18, (top + bottom) / 2, yTitle, "middle", 13, "font-weight=bold", -90);
            s.text((left + right) / 2, h - 8, xTitle, "middle", 13, "font-weight=bold", 0);
            return s;
        }

        void xLabel(Svg s, int i, String label) {
            s.line(cx(i), bottom, cx(i), bottom + 4, AXIS, 1, null);
            s.text(cx(i) + 4, bottom + 14, Fmt.clip(label, 20), "end", 11, null, -40);
        }
    }
}
