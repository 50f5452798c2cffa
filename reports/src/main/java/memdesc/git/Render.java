package memdesc.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text, TSV and JSON renderings of counts and attributions. */
final class Render {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Render() { }

    /** Probes down, refs across, then the change from the first ref to the last; right-aligned numbers. */
    static String text(ProgressResult r) {
        return text(r, false);
    }

    static String text(ProgressResult r, boolean verbose) {
        List<String> header = new ArrayList<>();
        header.add("probe");
        header.addAll(r.refs());
        boolean change = r.refs().size() > 1;
        if (change) header.add("change");
        List<List<String>> rows = new ArrayList<>();
        for (Probe p : r.probes()) {
            List<String> row = new ArrayList<>();
            row.add(p.name());
            for (String ref : r.refs()) row.add(Long.toString(r.counts().get(ref).get(p.name())));
            if (change) {
                long d = r.counts().get(r.refs().get(r.refs().size() - 1)).get(p.name())
                        - r.counts().get(r.refs().get(0)).get(p.name());
                row.add(signed(d));
            }
            rows.add(row);
        }
        StringBuilder out = new StringBuilder(table(header, rows, 1));
        out.append(missing(r.missing(), verbose));
        return out.toString();
    }

    /**
     * Missing objects: one summary line (how many, the first three, how to see all), or with
     * {@code verbose} one line each with the object id. Empty when nothing is missing.
     */
    static String missing(List<ProgressResult.Missing> missing, boolean verbose) {
        if (missing.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        if (verbose) {
            out.append(missing.size()).append(" file(s) missing from the object store, not counted:\n");
            for (ProgressResult.Missing m : missing) {
                out.append("  ").append(m.ref()).append(": ").append(m.path()).append(" (").append(m.id()).append(")\n");
            }
            return out.toString();
        }
        out.append(missing.size()).append(missing.size() == 1 ? " file" : " files").append(" missing from the object store, not counted: ");
        for (int i = 0; i < Math.min(3, missing.size()); i++) {
            out.append(i == 0 ? "" : ", ").append(missing.get(i).ref()).append(':').append(missing.get(i).path());
        }
        if (missing.size() > 3) out.append(", ...");
        return out.append(" (--verbose lists all)\n").toString();
    }

    /** A breakdown as text: per probe, the top rows (key down, refs across, then the change). */
    static String text(Breakdown b, int top) {
        StringBuilder out = new StringBuilder();
        String what = switch (b.by()) {
            case FILE -> "file";
            case DIR -> "directory";
            case SUBSYSTEM -> "section";
        };
        String newest = b.refs().get(b.refs().size() - 1);
        for (int k = 0; k < b.probes().size(); k++) {
            List<Breakdown.Row> rows = b.top(k, top);
            if (out.length() > 0) out.append('\n');
            out.append(b.probes().get(k).name()).append(" by ").append(what)
                    .append(top > 0 ? ", top " + top : "").append(" at ").append(newest).append(":\n");
            if (rows.isEmpty()) {
                out.append("  no matches\n");
                continue;
            }
            List<String> header = new ArrayList<>();
            header.add(what);
            header.addAll(b.refs());
            boolean change = b.refs().size() > 1;
            if (change) header.add("change");
            boolean secs = b.by() == Breakdown.By.FILE && b.rows().stream().anyMatch(r -> !r.sections().isEmpty());
            if (secs) header.add("sections");
            List<List<String>> table = new ArrayList<>();
            for (Breakdown.Row r : rows) {
                List<String> row = new ArrayList<>();
                row.add(r.key());
                for (int i = 0; i < b.refs().size(); i++) row.add(Long.toString(r.count(i, k)));
                if (change) row.add(signed(r.count(b.refs().size() - 1, k) - r.count(0, k)));
                if (secs) row.add(String.join("; ", r.sections()));
                table.add(row);
            }
            out.append(table(header, table, 1, 1 + b.refs().size() + (change ? 1 : 0)));
        }
        return out.toString();
    }

    /** A breakdown as TSV, one line per ref, probe and row: ref, probe, key, count (and sections for files). */
    static String tsv(Breakdown b, int top) {
        boolean files = b.by() == Breakdown.By.FILE;
        StringBuilder out = new StringBuilder("ref\tprobe\t").append(b.by().name().toLowerCase(java.util.Locale.ROOT))
                .append("\tcount").append(files ? "\tsections" : "").append('\n');
        for (int k = 0; k < b.probes().size(); k++) {
            for (Breakdown.Row r : b.top(k, top)) {
                for (int i = 0; i < b.refs().size(); i++) {
                    out.append(cell(b.refs().get(i))).append('\t').append(cell(b.probes().get(k).name())).append('\t')
                            .append(cell(r.key())).append('\t').append(r.count(i, k));
                    if (files) out.append('\t').append(cell(String.join("; ", r.sections())));
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** A breakdown as a JSON value: rows that are in some probe's top, with counts per ref and probe. */
    static Map<String, Object> jsonValue(Breakdown b, int top) {
        java.util.Set<String> keep = new java.util.LinkedHashSet<>();
        for (int k = 0; k < b.probes().size(); k++) for (Breakdown.Row r : b.top(k, top)) keep.add(r.key());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("by", b.by().name().toLowerCase(java.util.Locale.ROOT));
        if (b.by() == Breakdown.By.DIR) doc.put("depth", b.depth());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Breakdown.Row r : b.rows()) {
            if (!keep.contains(r.key())) continue;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", r.key());
            if (b.by() == Breakdown.By.FILE) row.put("sections", r.sections());
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            for (int i = 0; i < b.refs().size(); i++) {
                Map<String, Long> c = new LinkedHashMap<>();
                for (int k = 0; k < b.probes().size(); k++) c.put(b.probes().get(k).name(), r.count(i, k));
                counts.put(b.refs().get(i), c);
            }
            row.put("counts", counts);
            rows.add(row);
        }
        doc.put("rows", rows);
        return doc;
    }

    /** A scan as JSON: the counts document, plus codeOnly, codeCounts and the breakdowns asked for. */
    static String json(Scan scan, List<Breakdown> breakdowns, int top) {
        ProgressResult r = scan.selected();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repo", r.repo());
        doc.put("refs", r.refs());
        doc.put("probes", probes(r.probes()));
        doc.put("counts", r.counts());
        doc.put("missing", missingJson(r.missing()));
        doc.put("codeOnly", scan.codeOnly());
        doc.put("codeCounts", scan.code().counts());
        List<Object> bs = new ArrayList<>();
        for (Breakdown b : breakdowns) bs.add(jsonValue(b, top));
        doc.put("breakdowns", bs);
        return write(doc);
    }

    private static List<Map<String, String>> missingJson(List<ProgressResult.Missing> missing) {
        List<Map<String, String>> out = new ArrayList<>();
        for (ProgressResult.Missing m : missing) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("ref", m.ref());
            e.put("path", m.path());
            e.put("id", m.id());
            out.add(e);
        }
        return out;
    }

    /** Tallies as text: per probe, a total line and the top rows (removed, share of removed, added, commits). */
    static String text(Attributions a, Tally.By by, int top) {
        StringBuilder out = new StringBuilder();
        String what = switch (by) {
            case AUTHOR -> "author";
            case COMMIT -> "commit";
            case SUBSYSTEM -> "section";
        };
        for (Probe p : a.probes()) {
            List<Tally> all = Tally.of(a, p.name(), by);
            long removed = all.stream().mapToLong(Tally::removed).sum();
            long added = all.stream().mapToLong(Tally::added).sum();
            if (out.length() > 0) out.append('\n');
            int commits = (int) a.commits().stream().filter(c -> c.deltas().getOrDefault(p.name(), 0L) != 0).count();
            if (by == Tally.By.SUBSYSTEM) {
                removed = 0;
                added = 0;
                for (Attribution c : a.commits()) {
                    long d = c.deltas().getOrDefault(p.name(), 0L);
                    if (d < 0) removed -= d;
                    else added += d;
                }
            }
            out.append(p.name()).append(" in ").append(a.range()).append(": ").append(removed).append(" removed, ")
                    .append(added).append(" added, in ").append(commits).append(commits == 1 ? " commit" : " commits");
            if (by == Tally.By.AUTHOR) out.append(" by ").append(all.size()).append(all.size() == 1 ? " author" : " authors");
            out.append('\n');
            if (all.isEmpty()) continue;
            List<Tally> shown = top > 0 && all.size() > top ? all.subList(0, top) : all;
            long totalRemoved = Math.max(1, removed); // % of the range's removals (a file in two sections counts in each)
            List<String> header = new ArrayList<>(List.of(what, "removed", "%", "added", "commits"));
            if (by == Tally.By.COMMIT) header.add("author");
            List<List<String>> rows = new ArrayList<>();
            for (Tally t : shown) {
                String key = t.key().length() > 60 ? t.key().substring(0, 59) + "…" : t.key();
                List<String> row = new ArrayList<>(List.of(key, Long.toString(t.removed()),
                        String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * t.removed() / totalRemoved),
                        Long.toString(t.added()), Integer.toString(t.commits())));
                if (by == Tally.By.COMMIT) row.add(t.author());
                rows.add(row);
            }
            out.append(table(header, rows, 1, 5));
        }
        return out.toString();
    }

    static String tsv(Attributions a, Tally.By by) {
        StringBuilder out = new StringBuilder("probe\t").append(by.name().toLowerCase(java.util.Locale.ROOT))
                .append("\tremoved\tadded\tcommits").append(by == Tally.By.COMMIT ? "\tauthor" : "").append('\n');
        for (Probe p : a.probes()) {
            for (Tally t : Tally.of(a, p.name(), by)) {
                out.append(cell(p.name())).append('\t').append(cell(t.key())).append('\t').append(t.removed()).append('\t')
                        .append(t.added()).append('\t').append(t.commits());
                if (by == Tally.By.COMMIT) out.append('\t').append(cell(t.author()));
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String json(Attributions a, Tally.By by) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repo", a.repo());
        doc.put("range", a.range());
        doc.put("probes", probes(a.probes()));
        doc.put("by", by.name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> tallies = new LinkedHashMap<>();
        for (Probe p : a.probes()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Tally t : Tally.of(a, p.name(), by)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", t.key());
                if (by == Tally.By.COMMIT) row.put("author", t.author());
                row.put("removed", t.removed());
                row.put("added", t.added());
                row.put("commits", t.commits());
                rows.add(row);
            }
            tallies.put(p.name(), rows);
        }
        doc.put("tallies", tallies);
        return write(doc);
    }

    static String tsv(ProgressResult r) {
        StringBuilder out = new StringBuilder("ref");
        for (Probe p : r.probes()) out.append('\t').append(cell(p.name()));
        out.append('\n');
        for (String ref : r.refs()) {
            out.append(cell(ref));
            for (Probe p : r.probes()) out.append('\t').append(r.counts().get(ref).get(p.name()));
            out.append('\n');
        }
        return out.toString();
    }

    static String json(ProgressResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repo", r.repo());
        doc.put("refs", r.refs());
        doc.put("probes", probes(r.probes()));
        doc.put("counts", r.counts());
        List<Map<String, String>> missing = new ArrayList<>();
        for (ProgressResult.Missing m : r.missing()) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("ref", m.ref());
            e.put("path", m.path());
            e.put("id", m.id());
            missing.add(e);
        }
        doc.put("missing", missing);
        return write(doc);
    }

    /** Reads back what {@link #json(ProgressResult)} wrote; bad input names the file. */
    static ProgressResult parse(String file, String text) {
        try {
            JsonNode doc = JSON.readTree(text);
            List<String> refs = new ArrayList<>();
            for (JsonNode r : need(doc, "refs", file)) refs.add(r.asText());
            List<Probe> probes = new ArrayList<>();
            for (JsonNode p : need(doc, "probes", file)) {
                probes.add(new Probe(need(p, "name", file).asText(), need(p, "regex", file).asText(), p.path("fixed").asBoolean(false)));
            }
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            JsonNode c = need(doc, "counts", file);
            for (String ref : refs) {
                Map<String, Long> row = new LinkedHashMap<>();
                for (Probe p : probes) row.put(p.name(), need(need(c, ref, file), p.name(), file).asLong());
                counts.put(ref, row);
            }
            List<ProgressResult.Missing> missing = new ArrayList<>();
            for (JsonNode m : doc.path("missing")) {
                missing.add(new ProgressResult.Missing(m.path("ref").asText(), m.path("path").asText(), m.path("id").asText()));
            }
            return new ProgressResult(need(doc, "repo", file).asText(), refs, probes, counts, missing);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw memdesc.steps.InputException.at(file, loc == null ? 1 : loc.getLineNr(), loc == null ? 1 : loc.getColumnNr(),
                    e.getOriginalMessage().lines().findFirst().orElse("bad JSON"));
        }
    }

    private static JsonNode need(JsonNode n, String field, String file) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new memdesc.steps.InputException(file + ": error: progress JSON lacks \"" + field + "\"");
        return v;
    }

    /** One row per commit: id (12), date, a delta column per probe (blank when 0), author, subject. */
    static String text(List<Probe> probes, List<Attribution> commits) {
        List<String> header = new ArrayList<>(List.of("commit", "date"));
        for (Probe p : probes) header.add(p.name());
        header.add("author");
        header.add("subject");
        List<List<String>> rows = new ArrayList<>();
        for (Attribution a : commits) {
            List<String> row = new ArrayList<>(List.of(a.commit().substring(0, 12), a.date()));
            for (Probe p : probes) {
                long d = a.deltas().get(p.name());
                row.add(d == 0 ? "" : signed(d));
            }
            row.add(a.author());
            row.add(a.subject() + (a.missing().isEmpty() ? "" : "  [missing: " + String.join(", ", a.missing()) + "]"));
            rows.add(row);
        }
        if (commits.isEmpty()) return "no commit in the range changes a count\n";
        return table(header, rows, 2, 2 + probes.size());
    }

    static String tsv(List<Probe> probes, List<Attribution> commits) {
        StringBuilder out = new StringBuilder("commit\tauthor\tdate\tsubject");
        for (Probe p : probes) out.append('\t').append(cell(p.name()));
        out.append('\n');
        for (Attribution a : commits) {
            out.append(a.commit(), 0, 12).append('\t').append(cell(a.author())).append('\t').append(a.date())
                    .append('\t').append(cell(a.subject()));
            for (Probe p : probes) out.append('\t').append(a.deltas().get(p.name()));
            out.append('\n');
        }
        return out.toString();
    }

    static String json(String repo, String range, List<Probe> probes, List<Attribution> commits) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("repo", repo);
        doc.put("range", range);
        doc.put("probes", probes(probes));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Attribution a : commits) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("commit", a.commit());
            e.put("author", a.author());
            e.put("date", a.date());
            e.put("subject", a.subject());
            e.put("deltas", a.deltas());
            e.put("missing", a.missing());
            list.add(e);
        }
        doc.put("commits", list);
        return write(doc);
    }

    private static List<Map<String, Object>> probes(List<Probe> probes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Probe p : probes) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.name());
            e.put("regex", p.regex());
            e.put("fixed", p.fixed());
            out.add(e);
        }
        return out;
    }

    private static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String signed(long d) {
        return d > 0 ? "+" + d : Long.toString(d);
    }

    /** A TSV cell cannot hold a tab or a newline. */
    private static String cell(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    /** Columns separated by two spaces; columns [firstNumeric, endNumeric) right-aligned. */
    private static String table(List<String> header, List<List<String>> rows, int firstNumeric) {
        return table(header, rows, firstNumeric, header.size());
    }

    private static String table(List<String> header, List<List<String>> rows, int firstNumeric, int endNumeric) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) width[i] = Math.max(width[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) line.append("  ");
                String cell = row.get(i);
                boolean right = i >= firstNumeric && i < endNumeric;
                boolean last = i == row.size() - 1;
                if (right) line.append(" ".repeat(width[i] - cell.length())).append(cell);
                else line.append(cell).append(last ? "" : " ".repeat(width[i] - cell.length()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
