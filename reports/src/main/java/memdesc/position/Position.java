package memdesc.position;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import memdesc.git.KernelTree;
import memdesc.git.Probe;
import memdesc.git.Progress;
import memdesc.git.ProgressResult;
import memdesc.layout.Abi;
import memdesc.layout.KernelLayout;
import memdesc.layout.StructLayout;
import memdesc.steps.Evidence;
import memdesc.steps.Roadmap;
import memdesc.steps.Step;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each release of a kernel repository stands on the Path: every step's probes counted at each ref
 * ({@link Progress}, one pass over all refs) and its structural evidence evaluated on that ref's tree
 * ({@link KernelLayout}). A step is
 * <ul>
 * <li>done: every evidence item holds and every probe counts zero (and it has at least one of either);
 * <li>in progress (N uses left): not done, but some evidence item holds, or its probes count fewer lines
 * than at the first ref given;
 * <li>not started: neither; a step with no probe and no evidence is "no evidence".
 * </ul>
 */
public final class Position {
    private Position() { }

    public enum Status { DONE, IN_PROGRESS, NOT_STARTED, NO_EVIDENCE }

    /** One evidence item at one ref: whether it holds, and what the tree showed. */
    public record Check(String item, boolean holds, String seen) { }

    /** One step at one ref. */
    public record Cell(Status status, long uses, Map<String, Long> probes, List<Check> evidence) {
        public String text() {
            return switch (status) {
                case DONE -> "done";
                case IN_PROGRESS -> "in progress (" + uses + " use" + (uses == 1 ? "" : "s") + " left)";
                case NOT_STARTED -> "not started" + (uses > 0 ? " (" + uses + " use" + (uses == 1 ? "" : "s") + ")" : "");
                case NO_EVIDENCE -> "no evidence";
            };
        }
    }

    public record Result(String repo, List<String> refs, @com.fasterxml.jackson.annotation.JsonIgnore List<Step> steps,
                         Map<String, Map<String, Cell>> cells, List<String> facts, List<String> warnings) {
        /** The steps by id, in roadmap order (what a JSON report carries of them: cells are keyed by id). */
        @com.fasterxml.jackson.annotation.JsonProperty("steps")
        public List<String> stepIds() {
            return steps.stream().map(Step::id).toList();
        }
    }

    public static Result evaluate(Path repo, String shown, List<String> refs, Roadmap r, String config, int threads) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (Step s : r.steps()) for (memdesc.steps.Probe p : s.probes()) probes.putIfAbsent(p.name(), new Probe(p.name(), p.regex(), false));
        ProgressResult counts = probes.isEmpty() ? null
            : Progress.count(repo, refs, new ArrayList<>(probes.values()), Progress.DEFAULT_INCLUDES, threads);
        Set<String> structs = new LinkedHashSet<>();
        for (Step s : r.steps()) {
            for (Evidence e : s.evidence()) {
                if (e instanceof Evidence.StructExists x) structs.add(x.struct());
                if (e instanceof Evidence.Member x) structs.add(x.struct());
                if (e instanceof Evidence.Overlays x) {
                    structs.add(x.descriptor());
                    structs.add(x.on());
                }
            }
        }
        Set<String> facts = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        Map<String, Long> first = null;
        for (String ref : refs) {
            Map<String, String> fileOf = new LinkedHashMap<>();
            Map<String, StructLayout> layouts = new LinkedHashMap<>();
            if (!structs.isEmpty()) {
                try (KernelTree t = (KernelTree) KernelTree.open(repo, ref)) {
                    List<String> found = new ArrayList<>();
                    for (String n : structs) {
                        String f = KernelLayout.locate(t, n);
                        if (f != null) {
                            fileOf.put(n, f);
                            found.add(n);
                        }
                    }
                    if (!found.isEmpty()) {
                        KernelLayout.Result k = KernelLayout.layout(t, found, Abi.LP64, config);
                        for (KernelLayout.Entry e : k.structs()) layouts.put(e.name(), e.layout());
                        facts.addAll(k.facts());
                        warnings.addAll(k.warnings());
                    }
                }
            }
            Map<String, Long> row = counts == null ? Map.of() : counts.counts().get(ref);
            if (first == null) first = row;
            Map<String, Cell> byStep = new LinkedHashMap<>();
            for (Step s : r.steps()) byStep.put(s.id(), cell(s, row, first, fileOf, layouts));
            cells.put(ref, byStep);
        }
        return new Result(shown, refs, r.steps(), cells, List.copyOf(facts), List.copyOf(warnings));
    }

    private static Cell cell(Step s, Map<String, Long> row, Map<String, Long> first, Map<String, String> fileOf,
                             Map<String, StructLayout> layouts) {
        Map<String, Long> probes = new LinkedHashMap<>();
        long uses = 0;
        long firstUses = 0;
        for (memdesc.steps.Probe p : s.probes()) {
            long n = row.getOrDefault(p.name(), 0L);
            probes.put(p.name(), n);
            uses += n;
            firstUses += first.getOrDefault(p.name(), 0L);
        }
        List<Check> checks = new ArrayList<>();
        for (Evidence e : s.evidence()) checks.add(check(e, row, fileOf, layouts));
        boolean all = checks.stream().allMatch(Check::holds);
        boolean any = checks.stream().anyMatch(Check::holds);
        Status st;
        if (s.probes().isEmpty() && s.evidence().isEmpty()) st = Status.NO_EVIDENCE;
        else if (all && uses == 0) st = Status.DONE;
        else if (any || uses < firstUses) st = Status.IN_PROGRESS;
        else st = Status.NOT_STARTED;
        return new Cell(st, uses, probes, checks);
    }

    private static Check check(Evidence e, Map<String, Long> row, Map<String, String> fileOf, Map<String, StructLayout> layouts) {
        if (e instanceof Evidence.StructExists x) {
            String f = fileOf.get(x.struct());
            boolean holds = f != null && (x.file() == null || x.file().equals(f));
            return new Check(e.describe(), holds, f == null ? "no struct " + x.struct() : "defined in " + f);
        }
        if (e instanceof Evidence.Member x) {
            StructLayout l = layouts.get(x.struct());
            if (l == null) return new Check(e.describe(), !x.present(), "no struct " + x.struct());
            var m = l.find(x.member());
            return new Check(e.describe(), m.isPresent() == x.present(),
                m.map(ref -> x.member() + " at offset " + ref.offset()).orElse("no member " + x.member()));
        }
        if (e instanceof Evidence.Overlays x) {
            StructLayout d = layouts.get(x.descriptor());
            StructLayout on = layouts.get(x.on());
            if (d == null || on == null) return new Check(e.describe(), false, "no struct " + (d == null ? x.descriptor() : x.on()));
            boolean fits = d.size() <= on.size();
            boolean head = !d.members().isEmpty() && !on.members().isEmpty() && d.members().get(0).offset() == 0
                && d.members().get(0).size() == on.members().get(0).size();
            return new Check(e.describe(), fits && head, d.size() + " bytes over " + on.size() + (head ? "" : ", first members differ"));
        }
        Evidence.ProbeZero z = (Evidence.ProbeZero) e;
        long n = row.getOrDefault(z.probe(), 0L);
        return new Check(e.describe(), n == 0, n + " lines");
    }

    /** Text: one block per ref, a line per step. */
    public static String text(Result r) {
        return text(r, 80);
    }

    /**
     * Per release, one row per step: id, status, then why (probe counts, evidence); when why does not fit
     * in {@code width} beside them it goes on the next line, indented, so the id and status columns stay aligned.
     */
    public static String text(Result r, int width) {
        StringBuilder b = new StringBuilder("position of the Path in " + r.repo() + "\n");
        int w = 4, sw = 4;
        for (Step s : r.steps()) w = Math.max(w, s.id().length());
        for (String ref : r.refs())
            for (Cell c : r.cells().get(ref).values()) sw = Math.max(sw, c.text().length());
        for (String ref : r.refs()) {
            b.append('\n').append(ref).append(":\n");
            for (Step s : r.steps()) {
                Cell c = r.cells().get(ref).get(s.id());
                StringBuilder why = new StringBuilder();
                for (var p : c.probes().entrySet()) why.append(why.length() > 0 ? "; " : "").append(p.getKey()).append(' ').append(p.getValue());
                for (Check k : c.evidence()) why.append(why.length() > 0 ? "; " : "").append(k.holds() ? "yes: " : "no: ").append(k.item());
                String row = "  " + pad(s.id(), w) + "  " + pad(c.text(), sw);
                if (why.length() == 0) b.append(row.stripTrailing()).append('\n');
                else if (row.length() + 2 + why.length() <= width) b.append(row).append("  ").append(why).append('\n');
                else b.append(row.stripTrailing()).append("\n      ").append(why).append('\n');
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    public static String json(Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("repo", r.repo());
        root.put("refs", r.refs());
        List<Object> steps = new ArrayList<>();
        for (Step s : r.steps()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", s.id());
            Map<String, Object> at = new LinkedHashMap<>();
            for (String ref : r.refs()) {
                Cell c = r.cells().get(ref).get(s.id());
                Map<String, Object> cj = new LinkedHashMap<>();
                cj.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                cj.put("uses", c.uses());
                cj.put("probes", c.probes());
                List<Object> ev = new ArrayList<>();
                for (Check k : c.evidence()) ev.add(Map.of("item", k.item(), "holds", k.holds(), "seen", k.seen()));
                cj.put("evidence", ev);
                at.put(ref, cj);
            }
            j.put("at", at);
            steps.add(j);
        }
        root.put("steps", steps);
        root.put("facts", r.facts());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
