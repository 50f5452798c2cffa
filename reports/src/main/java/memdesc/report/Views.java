package memdesc.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the templates see: the model as maps of ready-to-print strings. Column widths of the text format
 * are decided here (a template cannot measure), everything else - order, headings, wording - is in the
 * templates.
 */
final class Views {
    private Views() {}

    /** The text format's line width: an email body. */
    static final int WIDTH = 72;
    static final String NOT_COMPUTED = "not computed";

    static Map<String, Object> scope(ReportModel m, Format f) {
        Map<String, Object> s = new LinkedHashMap<>();
        String title = m.name() + ": progress report";
        s.put("title", f == Format.TEXT ? Fmt.clip(Fmt.oneLine(title), WIDTH) : Fmt.oneLine(title));
        s.put("rule", "=".repeat(Math.min(WIDTH, Fmt.len(Fmt.clip(Fmt.oneLine(title), WIDTH)))));
        s.put("roadmapFile", m.roadmapFile());
        s.put("summary", summary(m));
        s.put("statusRule", m.statusRule());
        s.put("summaryLines", Fmt.wrap(summary(m), WIDTH));
        s.put("statusRuleLines", Fmt.wrap(m.statusRule(), WIDTH));
        s.put("notComputed", NOT_COMPUTED);
        s.put("steps", steps(m, f));
        s.put("anyMeasured", m.steps().stream().anyMatch(r -> r.statusSource().equals("probes")));
        if (m.verdicts() != null && !m.verdicts().isEmpty()) {
            s.put("hasVerdicts", true);
            s.put("verdicts", verdicts(m, f));
        }
        if (m.cost() != null && !m.cost().isEmpty()) {
            s.put("hasCost", true);
            s.put("machines", machines(m, f));
            s.put("costRows", costRows(m, f));
        }
        s.put("deps", deps(m, f));
        s.put("mutationLine", mutationLine(m.mutation()));
        s.put("mutationLines", Fmt.wrap(mutationLine(m.mutation()), WIDTH));
        if (m.progress() != null) s.put("progress", progress(m.progress(), f));
        if (m.position() != null) s.put("position", position(m.position(), f));
        if (f == Format.HTML) {
            s.put("tiles", tiles(m));
            Map<String, Object> charts = new LinkedHashMap<>();
            charts.put("structPage", Charts.structPage(m));
            charts.put("overhead", Charts.overhead(m));
            charts.put("probes", Charts.probes(m));
            charts.put("dag", Charts.dag(m));
            if (m.position() != null) charts.put("timeline", Charts.timeline(m.position()));
            s.put("charts", charts);
            if (m.stepPages() != null && !m.stepPages().isEmpty()) {
                s.put("hasStepPages", true);
                s.put("stepPages", stepPages(m));
            }
        }
        return s;
    }

    /** Each step's page: its delta as text, and the before/after byte map of each struct shown. */
    static List<Map<String, Object>> stepPages(ReportModel m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReportModel.StepPage p : m.stepPages()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("number", p.number());
            x.put("id", p.id());
            x.put("title", p.title());
            x.put("fromId", p.fromId());
            x.put("delta", p.deltaText());
            List<Map<String, Object>> maps = new ArrayList<>();
            for (ReportModel.Picture pic : p.pictures()) {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("struct", pic.struct());
                y.put("before", pic.sizeBefore() < 0 ? null : ByteMap.svg(pic.struct(), pic.sizeBefore(), pic.before(), "before " + p.id()));
                y.put("after", pic.sizeAfter() < 0 ? null : ByteMap.svg(pic.struct(), pic.sizeAfter(), pic.after(), "after " + p.id()));
                maps.add(y);
            }
            x.put("maps", maps);
            out.add(x);
        }
        return out;
    }

    /** The HTML header's figures, to be read at a glance. */
    static List<Map<String, Object>> tiles(ReportModel m) {
        List<Map<String, Object>> t = new ArrayList<>();
        ReportModel.Summary s = m.summary();
        t.add(tile(s.done() + " / " + s.steps(), "steps done", "done"));
        t.add(tile(Integer.toString(s.inProgress()), "in progress", "in-progress"));
        t.add(tile(Integer.toString(s.planned()), "planned", "planned"));
        if (s.statesTotal() != null) {
            t.add(tile(s.statesOk() + " / " + s.statesTotal(), "states build and pass",
                    s.statesOk().equals(s.statesTotal()) ? "ok" : "bad"));
        } else {
            t.add(tile("-", "verification " + NOT_COMPUTED, "nc"));
        }
        List<Long> pages = new ArrayList<>();
        if (m.verdicts() != null) m.verdicts().stream().filter(v -> v.builds() && v.structPageBytes() > 0)
                .forEach(v -> pages.add(v.structPageBytes()));
        else if (m.cost() != null) m.cost().forEach(c -> pages.add(c.structPageBytes()));
        if (!pages.isEmpty()) {
            t.add(tile(pages.get(0) + " B \u2192 " + pages.get(pages.size() - 1) + " B", "struct page, baseline \u2192 last state", "info"));
        }
        if (m.cost() != null && !m.cost().isEmpty()) {
            int j = 0;
            List<CostRow.MachineCost> first = m.cost().get(0).machines();
            for (int k = 0; k < first.size(); k++) if (first.get(k).machine().equals("1 TiB")) j = k;
            final int jj = j;
            CostRow.MachineCost a = first.get(j);
            CostRow.MachineCost b = m.cost().stream().map(c -> c.machines().get(jj)).filter(CostRow.MachineCost::fits)
                    .reduce((x, y) -> y).orElse(a);
            t.add(tile(Fmt.pct(a.percent()) + " \u2192 " + Fmt.pct(b.percent()),
                    "metadata, % of RAM on " + a.machine() + " (" + Fmt.bytes(a.totalBytes()) + " \u2192 " + Fmt.bytes(b.totalBytes()) + ")",
                    "info"));
        }
        return t;
    }

    private static Map<String, Object> tile(String value, String label, String cls) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("value", value);
        x.put("label", label);
        x.put("cls", cls);
        return x;
    }

    static String summary(ReportModel m) {
        ReportModel.Summary s = m.summary();
        StringBuilder b = new StringBuilder();
        b.append(s.steps()).append(" steps: ").append(s.done()).append(" done, ").append(s.inProgress())
                .append(" in progress, ").append(s.planned()).append(" planned.");
        if (s.statesTotal() != null) {
            b.append(' ').append(s.statesOk()).append(" of ").append(s.statesTotal()).append(" states build and pass");
            b.append(s.firstBad() == null ? "." : "; the first bad state is " + s.firstBad() + ".");
        } else {
            b.append(" Verification: " + NOT_COMPUTED + ".");
        }
        return b.toString();
    }

    /** A cell: clipped and padded for text, pipes escaped for Markdown, as is for HTML (Mustache escapes). */
    private static String cell(String v, Format f, int width) {
        String s = Fmt.oneLine(v);
        return switch (f) {
            case TEXT -> width > 0 ? Fmt.pad(s, width) : s;
            case MD -> s.replace("|", "\\|");
            default -> s;
        };
    }

    private static String num(String v, Format f, int width) {
        return f == Format.TEXT ? Fmt.rpad(v, width) : v;
    }

    /** Indented continuation lines for text, each within {@link #WIDTH}. */
    private static List<String> more(String text, int indent) {
        return Fmt.wrap(text, WIDTH - indent).stream().map(l -> " ".repeat(indent) + l).toList();
    }

    private static String join(List<String> xs) {
        return xs == null || xs.isEmpty() ? "-" : String.join(", ", xs);
    }

    // ---- roadmap: # (3) step (26) phase (10) status; then title, needs and source indented by 5

    static List<Map<String, Object>> steps(ReportModel m, Format f) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReportModel.StepRow r : m.steps()) {
            Map<String, Object> x = new LinkedHashMap<>();
            boolean measured = r.statusSource().equals("probes");
            x.put("n", num(Integer.toString(r.number()), f, 3));
            x.put("id", cell(r.id(), f, 26));
            x.put("title", cell(r.title(), f, 0));
            x.put("phase", cell(r.phase(), f, 10));
            x.put("phaseTitle", cell(r.phaseTitle(), f, 0));
            x.put("status", Fmt.status(r.status()) + (measured ? "*" : ""));
            x.put("statusClass", r.status());
            x.put("measured", measured);
            x.put("requires", cell(join(r.requires()), f, 0));
            x.put("source", cell(r.source(), f, 0));
            x.put("probes", cell(join(r.probes()), f, 0));
            if (f == Format.TEXT) {
                List<String> more = new ArrayList<>(more(r.title(), 5));
                if (!r.requires().isEmpty()) more.addAll(more("needs: " + join(r.requires()), 5));
                more.addAll(more("source: " + r.source(), 5));
                x.put("more", more);
            }
            rows.add(x);
        }
        return rows;
    }

    // ---- verification: # (3) state (26) verdict (7) page (6) memmap (7) scenarios

    static List<Map<String, Object>> verdicts(ReportModel m, Format f) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ReportModel.StateRow v : m.verdicts()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("n", num(Integer.toString(v.index()), f, 3));
            x.put("id", cell(v.stepId(), f, 26));
            x.put("ok", v.ok());
            x.put("verdict", f == Format.TEXT ? Fmt.pad(v.ok() ? "ok" : "FAIL", 7) : v.ok() ? "ok" : "FAIL");
            x.put("page", num(v.builds() ? v.structPageBytes() + " B" : "-", f, 6));
            x.put("memmap", num(v.builds() ? Fmt.pct(v.memmapPercent()) : "-", f, 7));
            x.put("descriptors", num(Fmt.bytes(v.descriptorBytes()), f, 9));
            x.put("scenarios", v.scenariosPassed() + "/" + v.scenariosTotal() + (v.skipped().isEmpty() ? "" : ", " + v.skipped().size() + " skipped"));
            String why = v.failure() == null ? null
                    : (v.failureAt() == null ? "" : v.failureAt() + ": ") + Fmt.oneLine(v.failure());
            x.put("failure", why == null ? null : cell(why, f, 0));
            x.put("skipped", v.skipped().isEmpty() ? null : cell(String.join("; ", v.skipped()), f, 0));
            if (f == Format.TEXT) {
                List<String> more = new ArrayList<>();
                if (why != null) more.addAll(more(why, 5));
                for (String d : v.diagnostics()) {
                    // the failure line usually quotes the first diagnostic: do not print it twice
                    String msg = d.contains("error: ") ? d.substring(d.indexOf("error: ") + 7) : d;
                    if (why == null || !why.contains(msg)) more.addAll(more(d, 5));
                }
                if (!v.skipped().isEmpty()) more.addAll(more("skipped: " + String.join("; ", v.skipped()), 5));
                x.put("more", more);
            }
            rows.add(x);
        }
        return rows;
    }

    // ---- cost, one table per machine: # (3) state (21) page (5) memmap (8) descr (8) total (8) % (6)

    static List<Map<String, Object>> machines(ReportModel m, Format f) {
        List<Map<String, Object>> out = new ArrayList<>();
        int k = m.cost().get(0).machines().size();
        for (int j = 0; j < k; j++) {
            Map<String, Object> mach = new LinkedHashMap<>();
            CostRow.MachineCost first = m.cost().get(0).machines().get(j);
            mach.put("machine", cell(first.machine(), f, 0));
            mach.put("ram", Fmt.bytes(first.ramBytes()));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (CostRow c : m.cost()) {
                if (j >= c.machines().size()) continue;
                CostRow.MachineCost mc = c.machines().get(j);
                Map<String, Object> x = new LinkedHashMap<>();
                boolean fits = mc.fits();
                x.put("n", num(Integer.toString(c.index()), f, 3));
                x.put("id", cell(c.stepId(), f, 21));
                x.put("page", num(c.structPageBytes() + " B", f, 5));
                x.put("memmap", num(fits ? Fmt.bytes(mc.memmapBytes()) : "-", f, 8));
                x.put("descriptors", num(fits ? Fmt.bytes(mc.descriptorBytes()) : "-", f, 8));
                x.put("total", num(fits ? Fmt.bytes(mc.totalBytes()) : "-", f, 8));
                x.put("percent", num(fits ? Fmt.pct(mc.percent()) : "n/a \u2020", f, 6));
                if (!fits) problems.add(c.stepId() + ": " + Fmt.oneLine(mc.problem()));
                rows.add(x);
            }
            mach.put("rows", rows);
            if (!problems.isEmpty()) {
                mach.put("problems", problems.stream().map(p -> cell(p, f, 0)).toList());
                if (f == Format.TEXT) {
                    List<String> lines = new ArrayList<>();
                    for (String p : problems) {
                        List<String> w = Fmt.wrap(p, WIDTH - 2);
                        for (int i = 0; i < w.size(); i++) lines.add((i == 0 ? "\u2020 " : "  ") + w.get(i));
                    }
                    mach.put("problemLines", lines);
                }
            }
            out.add(mach);
        }
        return out;
    }

    /** The cost table the other way round (a row per state, a column group per machine), for HTML. */
    static List<Map<String, Object>> costRows(ReportModel m, Format f) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CostRow c : m.cost()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("n", Integer.toString(c.index()));
            x.put("id", cell(c.stepId(), f, 0));
            x.put("page", c.structPageBytes() + " B");
            x.put("cells", c.machines().stream().map(mc -> mc.fits()
                    ? Map.of("memmap", Fmt.bytes(mc.memmapBytes()), "descriptors", Fmt.bytes(mc.descriptorBytes()),
                            "total", Fmt.bytes(mc.totalBytes()), "percent", Fmt.pct(mc.percent()))
                    : Map.of("memmap", "-", "descriptors", "-", "total", "-", "percent", "n/a \u2020",
                            "problem", mc.problem())).toList());
            rows.add(x);
        }
        return rows;
    }

    // ---- dependency graph: # (3) step (26) layer (5) needs (wrapped)

    static Map<String, Object> deps(ReportModel m, Format f) {
        ReportModel.Deps d = m.deps();
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("inferred", d.inferred());
        x.put("what", d.inferred() ? "inferred needs (the smallest set of earlier steps each step needs)"
                : "declared requires; inference " + NOT_COMPUTED);
        x.put("whatLines", Fmt.wrap("Edges: " + x.get("what"), WIDTH));
        x.put("layerCount", d.layers().size());
        List<Map<String, Object>> rows = new ArrayList<>();
        int needsCol = 3 + 2 + 26 + 2 + 5 + 2;
        for (ReportModel.DepRow r : d.rows()) {
            Map<String, Object> y = new LinkedHashMap<>();
            List<String> needs = d.inferred() ? r.inferred() : r.declared();
            y.put("n", num(Integer.toString(r.number()), f, 3));
            y.put("id", cell(r.step(), f, 26));
            y.put("layer", num(Integer.toString(r.layer()), f, 5));
            y.put("needs", cell(join(needs), f, 0));
            y.put("undeclared", r.undeclared().isEmpty() ? null : cell(join(r.undeclared()), f, 0));
            y.put("unneeded", r.unneeded().isEmpty() ? null : cell(join(r.unneeded()), f, 0));
            if (f == Format.TEXT) {
                List<String> lines = Fmt.wrap(join(needs), WIDTH - needsCol);
                y.put("needs", lines.get(0));
                List<String> more = new ArrayList<>();
                lines.stream().skip(1).forEach(l -> more.add(" ".repeat(needsCol) + l));
                if (!r.undeclared().isEmpty()) more.addAll(more("needs but does not declare: " + join(r.undeclared()), 5));
                if (!r.unneeded().isEmpty()) more.addAll(more("declares but does not need: " + join(r.unneeded()), 5));
                y.put("more", more);
            }
            rows.add(y);
        }
        x.put("rows", rows);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int l = 0; l < d.layers().size(); l++) {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("layer", l);
            y.put("steps", cell(String.join(", ", d.layers().get(l)), f, 0));
            if (f == Format.TEXT) {
                // hanging indent: continuation lines start under the first step of the layer
                String head = "  layer " + l + ": ";
                List<String> wrapped = Fmt.wrap(String.join(", ", d.layers().get(l)), WIDTH - head.length());
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < wrapped.size(); i++) lines.add((i == 0 ? head : " ".repeat(head.length())) + wrapped.get(i));
                y.put("lines", lines);
            }
            layers.add(y);
        }
        x.put("layers", layers);
        return x;
    }

    // ---- kernel-tree progress: probe (22) then one column per ref, as many refs per table as fit

    /**
     * Where each release stands on the Path ({@code memdesc position}): a row per step, a cell per release
     * (done / in progress / not started / no evidence, with the uses left), and a fixed-width table for text.
     */
    static Map<String, Object> position(memdesc.position.Position.Result p, Format f) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("repo", p.repo());
        x.put("refs", p.refs());
        List<Object> rows = new ArrayList<>();
        int w = 4;
        for (memdesc.steps.Step st : p.steps()) w = Math.max(w, st.id().length());
        int cw = 10;
        for (String ref : p.refs()) cw = Math.max(cw, ref.length());
        for (memdesc.steps.Step st : p.steps()) for (String ref : p.refs()) cw = Math.max(cw, shortCell(p.cells().get(ref).get(st.id())).length());
        StringBuilder head = new StringBuilder(String.format("%-" + w + "s", "step"));
        for (String ref : p.refs()) head.append("  ").append(String.format("%-" + cw + "s", ref));
        List<String> lines = new ArrayList<>();
        lines.add(head.toString().stripTrailing());
        for (memdesc.steps.Step st : p.steps()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", st.id());
            List<Object> cells = new ArrayList<>();
            StringBuilder line = new StringBuilder(String.format("%-" + w + "s", st.id()));
            for (String ref : p.refs()) {
                memdesc.position.Position.Cell c = p.cells().get(ref).get(st.id());
                cells.add(Map.of("text", c.text(), "cls", c.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
                line.append("  ").append(String.format("%-" + cw + "s", shortCell(c)));
            }
            r.put("cells", cells);
            rows.add(r);
            lines.add(line.toString().stripTrailing());
        }
        x.put("rows", rows);
        x.put("lines", lines);
        return x;
    }

    /** A position cell in a few characters, for the text table: done, 99 left, 384 uses, -. */
    static String shortCell(memdesc.position.Position.Cell c) {
        return switch (c.status()) {
            case DONE -> "done";
            case IN_PROGRESS -> c.uses() + " left";
            case NOT_STARTED -> c.uses() > 0 ? "not started (" + c.uses() + ")" : "not started";
            case NO_EVIDENCE -> "-";
        };
    }

    static Map<String, Object> progress(Progress p, Format f) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("repo", cell(p.repo(), f, 0));
        x.put("repoLines", Fmt.wrap("Kernel tree: " + p.repo(), WIDTH));
        x.put("refs", p.refs().stream().map(r -> cell(r, f, 0)).toList());
        String missing = p.missing().stream().map(Progress.Missing::toString).collect(java.util.stream.Collectors.joining(", "));
        x.put("missing", p.missing().isEmpty() ? null : cell(missing, f, 0));
        x.put("missingLines", p.missing().isEmpty() ? null
                : Fmt.wrap("Not counted (objects missing from the repository): " + missing, WIDTH));
        List<Map<String, Object>> probes = new ArrayList<>();
        for (Progress.ProbeDef d : p.probes()) {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("name", cell(d.name(), f, 0));
            String pattern = d.fixed() ? d.regex() + " (fixed string)" : d.regex();
            y.put("regex", f == Format.MD ? cell(pattern, f, 0).replace("`", "'") : Fmt.oneLine(pattern));
            y.put("counts", p.refs().stream().map(r -> {
                Long c = p.count(r, d.name());
                return c == null ? "-" : Long.toString(c);
            }).toList());
            probes.add(y);
        }
        x.put("probes", probes);
        if (f == Format.TEXT) x.put("tables", progressTables(p));
        x.put("trends", trends(p, f));
        List<Map<String, Object>> secs = tops(p, "subsystem", f, 8);
        x.put("sections", secs.isEmpty() ? null : secs);
        List<Map<String, Object>> files = tops(p, "file", f, 10);
        x.put("files", files.isEmpty() ? null : files);
        return x;
    }

    /** Per probe, its count at each ref as a bar (text and Markdown) or a small chart (HTML). */
    private static List<Map<String, Object>> trends(Progress p, Format f) {
        List<Map<String, Object>> out = new ArrayList<>();
        int refW = Math.min(14, p.refs().stream().mapToInt(Fmt::len).max().orElse(4));
        int numW = 7;
        int barW = WIDTH - 2 - refW - 2 - 2 - numW;
        for (Progress.ProbeDef d : p.probes()) {
            long max = 0;
            for (String r : p.refs()) {
                Long c = p.count(r, d.name());
                if (c != null) max = Math.max(max, c);
            }
            List<String> lines = new ArrayList<>();
            for (String r : p.refs()) {
                Long c = p.count(r, d.name());
                int n = c == null || max == 0 ? 0 : (int) Math.round((double) barW * c / max);
                if (c != null && c > 0 && n == 0) n = 1;
                lines.add(("  " + Fmt.pad(Fmt.clip(r, refW), refW) + "  " + Fmt.pad("#".repeat(n), barW) + "  "
                        + Fmt.rpad(c == null ? "-" : Long.toString(c), numW)).stripTrailing());
            }
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("name", f == Format.TEXT ? Fmt.clip(Fmt.oneLine(d.name()), WIDTH) : cell(d.name(), f, 0));
            y.put("lines", lines);
            if (f == Format.HTML) y.put("svg", Charts.trend(p, d.name()));
            out.add(y);
        }
        return out;
    }

    /** Per probe, the top rows of a breakdown at the newest ref ("THE REST", which holds every file, left out). */
    private static List<Map<String, Object>> tops(Progress p, String by, Format f, int top) {
        Progress.Breakdown b = p.breakdown(by);
        List<Map<String, Object>> out = new ArrayList<>();
        if (b == null) return out;
        String newest = p.newestRef(), oldest = p.refs().get(0);
        boolean change = p.refs().size() > 1;
        int numW = 7, chW = change ? 8 : 0;
        int keyW = WIDTH - 2 - 2 - numW - chW;
        for (Progress.ProbeDef d : p.probes()) {
            List<Progress.Row> rows = b.top(d.name(), newest, top + 1).stream().filter(r -> !r.key().equals("THE REST")).limit(top).toList();
            if (rows.isEmpty()) continue;
            List<Map<String, Object>> rs = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            lines.add(("  " + Fmt.pad(by.equals("file") ? "file" : "section", keyW) + "  " + Fmt.rpad("matches", numW)
                    + (change ? Fmt.rpad("change", chW) : "")).stripTrailing());
            for (Progress.Row r : rows) {
                long now = r.count(newest, d.name());
                long delta = now - r.count(oldest, d.name());
                String ch = delta > 0 ? "+" + delta : Long.toString(delta);
                List<String> sections = r.sections().stream().filter(x -> !x.equals("THE REST")).toList();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", cell(r.key(), f, 0));
                row.put("count", now);
                row.put("change", change ? ch : null);
                row.put("sections", sections.isEmpty() ? null : cell(String.join("; ", sections), f, 0));
                rs.add(row);
                lines.add(("  " + Fmt.pad(Fmt.clip(Fmt.oneLine(r.key()), keyW), keyW) + "  " + Fmt.rpad(Long.toString(now), numW)
                        + (change ? Fmt.rpad(ch, chW) : "")).stripTrailing());
                if (by.equals("file") && !sections.isEmpty() && f == Format.TEXT) {
                    for (String w : Fmt.wrap(String.join("; ", sections), WIDTH - 6)) lines.add("      " + w);
                }
            }
            Map<String, Object> y = new LinkedHashMap<>();
            String title = (by.equals("file") ? "Top files still using " : "Top sections still using ") + d.name() + " at " + newest;
            y.put("title", f == Format.TEXT ? Fmt.clip(Fmt.oneLine(title), WIDTH) : cell(title, f, 0));
            y.put("name", cell(d.name(), f, 0));
            y.put("rows", rs);
            y.put("lines", lines);
            y.put("change", change);
            out.add(y);
        }
        return out;
    }

    private static List<Map<String, Object>> progressTables(Progress p) {
        int nameW = 22;
        int colW = Math.max(6, Math.min(12, p.refs().stream().mapToInt(Fmt::len).max().orElse(6)));
        int perTable = Math.max(1, (WIDTH - nameW) / (colW + 2));
        List<Map<String, Object>> tables = new ArrayList<>();
        for (int from = 0; from < p.refs().size(); from += perTable) {
            List<String> refs = p.refs().subList(from, Math.min(p.refs().size(), from + perTable));
            StringBuilder head = new StringBuilder(Fmt.pad("probe", nameW));
            refs.forEach(r -> head.append("  ").append(Fmt.rpad(r, colW)));
            List<String> lines = new ArrayList<>();
            for (Progress.ProbeDef d : p.probes()) {
                StringBuilder l = new StringBuilder(Fmt.pad(Fmt.oneLine(d.name()), nameW));
                for (String r : refs) {
                    Long c = p.count(r, d.name());
                    l.append("  ").append(Fmt.rpad(c == null ? "-" : Long.toString(c), colW));
                }
                lines.add(l.toString().stripTrailing());
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("header", head.toString().stripTrailing());
            t.put("lines", lines);
            tables.add(t);
        }
        return tables;
    }

    /** One line for the verification section: the strength of the check, as memdesc mutate measured it. */
    static String mutationLine(ReportModel.Mutation x) {
        if (x == null) return "Mutation score: " + NOT_COMPUTED + " (memdesc mutate measures it).";
        return String.format(java.util.Locale.ROOT, "Mutation score: %.1f%% (%d of %d valid non-equivalent mutants killed at the"
                + " step they break; %d equivalent, %d invalid; %d mutant%s, seed %d, %s machine).", x.score(), x.killed(),
                x.scored(), x.equivalent(), x.invalid(), x.mutants(), x.mutants() == 1 ? "" : "s", x.seed(),
                x.machineBytes() % (1L << 30) == 0 ? (x.machineBytes() >> 30) + " GiB" : (x.machineBytes() >> 20) + " MiB");
    }
}
