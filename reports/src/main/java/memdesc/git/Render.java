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
        if (!r.missing().isEmpty()) {
            out.append('\n').append(r.missing().size()).append(" file(s) missing from the object store, not counted:\n");
            for (ProgressResult.Missing m : r.missing()) {
                out.append("  ").append(m.ref()).append(": ").append(m.path()).append(" (").append(m.id()).append(")\n");
            }
        }
        return out.toString();
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
