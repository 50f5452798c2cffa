package memdesc.cli;

import memdesc.steps.Change;
import memdesc.steps.Descriptor;
import memdesc.steps.Loc;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.Source;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.StructDef;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Roadmaps as plain text for a terminal or an e-mail: ASCII, at most {@link #WIDTH} columns where the
 * content allows (C text is shown as written). Presentation only; the facts come from memdesc.steps.
 */
final class RoadmapText {
    static final int WIDTH = 100;

    private RoadmapText() {}

    /** {@code roadmap.yaml: ok (N steps, M phases, U users, S structs)}. */
    static String summary(Roadmap r) {
        return r.file() + ": ok (" + count(r.steps().size(), "step") + ", " + count(r.phases().size(), "phase") + ", "
                + count(r.baseline().users().size(), "user") + ", " + count(structNames(r).size(), "struct") + ")";
    }

    /** Every struct name the baseline or a step defines, in order of first definition. */
    static Set<String> structNames(Roadmap r) {
        Set<String> names = new LinkedHashSet<>(r.baseline().structs().keySet());
        for (Step s : r.steps())
            for (Change c : s.changes())
                if (c instanceof Change.Define d) names.add(d.struct());
        return names;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------------------------ steps table

    /** {@code steps --format json}: the roadmap and every step, the baseline as number 0. */
    static Map<String, Object> stepsJson(Roadmap r) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("roadmap", r.file());
        doc.put("name", r.name());
        List<Object> steps = new ArrayList<>();
        Map<String, Object> base = new java.util.LinkedHashMap<>();
        base.put("number", 0);
        base.put("id", State.BASELINE);
        base.put("title", r.baselineTitle());
        base.put("source", sourceJson(r.baselineSource()));
        steps.add(base);
        for (Step st : r.steps()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("number", st.number());
            m.put("id", st.id());
            m.put("phase", st.phase());
            m.put("requires", st.requiredIds());
            m.put("status", st.status());
            m.put("title", st.title());
            m.put("source", sourceJson(st.source()));
            m.put("changes", st.changes().stream().map(Change::describe).toList());
            steps.add(m);
        }
        doc.put("steps", steps);
        return doc;
    }

    private static Object sourceJson(Source s) {
        if (s == null) return null;
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seed", s.seed());
        m.put("section", s.section());
        return m;
    }

    /** {@code show --format json}: the state after step {@code k}. */
    static Map<String, Object> stateJson(Roadmap r, int k) {
        State s = r.states().get(k);
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("index", s.index());
        doc.put("stepId", s.stepId());
        Map<String, Object> structs = new java.util.LinkedHashMap<>();
        s.structs().values().forEach(d -> structs.put(d.name(), d.c()));
        doc.put("structs", structs);
        doc.put("memdescTypes", s.memdescTypes().values().stream().map(t -> Map.of("code", t.code(), "name", t.name())).toList());
        doc.put("descriptors", s.descriptors().values().stream()
                .map(d -> Map.of("kind", d.kind(), "struct", d.struct(), "placement", d.placement().yaml())).toList());
        Map<String, Object> helpers = new java.util.LinkedHashMap<>();
        s.helpers().values().forEach(h -> helpers.put(h.name(), h.impl()));
        doc.put("helpers", helpers);
        List<Object> users = new ArrayList<>();
        for (User u : s.users().values()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", u.id());
            m.put("file", u.file());
            m.put("accesses", u.accesses().stream().map(a -> a.member().arrow()).toList());
            m.put("disabled", s.disabled().containsKey(u.id()) ? s.disabled().get(u.id()).reason() : null);
            users.add(m);
        }
        doc.put("users", users);
        doc.put("config", s.config());
        doc.put("problems", s.problems().stream().map(p -> Map.of("location", String.valueOf(p.loc()), "message", p.message())).toList());
        return doc;
    }

    private static final int[] CAP = {4, 30, 14, 26, 24};

    static String table(Roadmap r) {
        return table(r, WIDTH);
    }

    /**
     * The table in {@code width} columns: below 100 the source column goes (show has it) and requires
     * lists fewer ids (the layout of 100 columns and more is the full one); a title longer than the room left is cut with an ellipsis.
     */
    static String table(Roadmap r, int width) {
        boolean wide = width >= WIDTH;
        int[] cap = wide ? CAP : new int[] {4, 24, 12, 16, 0};
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "id", "phase", "requires", "source", "title"});
        rows.add(new String[] {"0", State.BASELINE, "", "", source(r.baselineSource()), r.baselineTitle()});
        for (Step s : r.steps())
            rows.add(new String[] {String.valueOf(s.number()), s.id(), s.phase(), requires(s, cap[3]), source(s.source()),
                    s.title() + (s.status().equals("planned") ? "" : " [" + s.status() + "]")});
        int[] w = new int[5];
        for (String[] row : rows)
            for (int i = 0; i < 5; i++) w[i] = Math.min(cap[i], Math.max(w[i], row[i].length()));
        int titleCol = 0;
        for (int i = 0; i < 5; i++) if (w[i] > 0) titleCol += w[i] + 2;
        int titleWidth = Math.max(wide ? 40 : 12, width - titleCol);
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                if (w[i] == 0) continue;
                String cell = fit(row[i], w[i]);
                line.append(i == 0 ? pad(cell, w[i], true) : pad(cell, w[i], false)).append("  ");
            }
            if (!wide) {
                b.append(line).append(Width.fit(row[5], titleWidth)).append('\n');
                continue;
            }
            List<String> title = wrap(row[5], titleWidth);
            b.append(line).append(title.get(0)).append('\n');
            for (int i = 1; i < title.size(); i++) b.append(" ".repeat(titleCol)).append(title.get(i)).append('\n');
        }
        return stripTrailing(b.toString());
    }

    private static String requires(Step s, int cap) {
        List<String> ids = s.requiredIds();
        String all = String.join(",", ids);
        if (all.length() <= cap) return all;
        // as many as fit, then how many more
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String id : ids) {
            String more = ",+" + (ids.size() - shown - 1);
            if (b.length() + id.length() + 1 + more.length() > cap) break;
            if (shown > 0) b.append(',');
            b.append(id);
            shown++;
        }
        return (shown == 0 ? "" : b + ",") + "+" + (ids.size() - shown);
    }

    /** {@code 000 §Section} for seeds named {@code NNN_hash.txt}, else the seed's name. */
    static String source(Source s) {
        if (s == null) return "";
        String seed = s.seed();
        Matcher m = Pattern.compile("(\\d+)_.*").matcher(seed);
        return (m.matches() ? m.group(1) : seed.replaceFirst("\\.txt$", "")) + " §" + s.section();
    }

    private static String fit(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(0, w - 3)) + "...";
    }

    private static String pad(String s, int w, boolean right) {
        String p = " ".repeat(Math.max(0, w - s.length()));
        return right ? p + s : s + p;
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }

    private static String stripTrailing(String s) {
        return s.lines().map(String::stripTrailing).reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'),
                StringBuilder::append).toString();
    }

    // ------------------------------------------------------------------------------------------ show

    static String show(Roadmap r, int k) {
        return show(r, k, WIDTH);
    }

    /**
     * The state after step {@code k}, fitted to {@code width}: prose wrapped (continuations indented),
     * the structs' C text as written (a wrapped line of code would read as another line of code).
     */
    static String show(Roadmap r, int k, int width) {
        String all = showText(r, k, width);
        int from = all.indexOf("\nstructs:\n"), to = all.indexOf("\nmemdesc types:\n");
        if (from < 0 || to < from) return Width.wrapAll(all, width, 2);
        from += "\nstructs:\n".length();
        return Width.wrapAll(all.substring(0, from), width, 2) + fitC(all.substring(from, to + 1), width)
                + Width.wrapAll(all.substring(to + 1), width, 2);
    }

    /**
     * C text made to fit {@code width} and still be the same C: a line too long first loses the padding
     * before its trailing comment, then that comment goes on a line of its own above it; a comment line
     * is wrapped inside the comment; a preprocessor line is continued with a backslash. A line none of
     * these shortens stays as it is.
     */
    static String fitC(String text, int width) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) fitCLine(line, width, b, 0);
        b.setLength(b.length() - 1); // split gave one line after the last newline
        return b.toString();
    }

    private static void fitCLine(String line, int width, StringBuilder b, int depth) {
        if (columns(line) <= width || depth > 4) {
            b.append(line).append('\n');
            return;
        }
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String body = line.strip();
        int c = body.endsWith("*/") ? body.lastIndexOf("/*") : -1;
        if (c > 0 && !body.substring(c + 2, body.length() - 2).contains("*/")) {
            String code = body.substring(0, c).stripTrailing(), comment = body.substring(c);
            String tight = indent + code + " " + comment;
            if (columns(tight) <= width) {
                b.append(tight).append('\n');
                return;
            }
            fitCLine(indent + comment, width, b, depth + 1);
            fitCLine(indent + code, width, b, depth + 1);
            return;
        }
        if (c == 0) { // a comment of its own: wrap its words inside it
            List<String> words = wrap(body.substring(2, body.length() - 2).strip(), Math.max(20, width - columns(indent) - 6));
            for (int i = 0; i < words.size(); i++)
                b.append(indent).append(i == 0 ? "/* " : "   ").append(words.get(i)).append(i == words.size() - 1 ? " */" : "").append('\n');
            return;
        }
        if (body.startsWith("#")) { // a directive: continued with a backslash at a space
            int cut = line.lastIndexOf(' ', width - 2);
            if (cut > indent.length() + 1) {
                b.append(line, 0, cut).append(" \\\n");
                fitCLine(indent + "    " + line.substring(cut + 1), width, b, depth + 1);
                return;
            }
        }
        b.append(line).append('\n');
    }

    /** Columns a line takes on a terminal (a tab to the next multiple of 8). */
    private static int columns(String line) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) n = line.charAt(i) == '\t' ? (n / 8 + 1) * 8 : n + 1;
        return n;
    }

    private static String showText(Roadmap r, int k, int width) {
        State s = r.states().get(k);
        Map<Loc, Step> removedBy = new HashMap<>();
        for (Step st : r.steps())
            for (Change c : st.changes())
                if (c instanceof Change.Remove) removedBy.put(c.loc(), st);
        StringBuilder b = new StringBuilder();
        if (k == 0) {
            b.append("baseline: ").append(r.baselineTitle()).append('\n');
            if (r.baselineSource() != null) b.append("  source: ").append(r.baselineSource()).append('\n');
        } else {
            Step st = r.steps().get(k - 1);
            b.append("step ").append(k).append('/').append(r.steps().size()).append(' ').append(st.id()).append(": ")
                    .append(st.title()).append('\n');
            b.append("  phase: ").append(st.phase()).append("   status: ").append(st.status());
            if (!st.requires().isEmpty()) b.append('\n').append("  requires: ").append(String.join(", ", st.requiredIds()));
            b.append('\n').append("  source: ").append(st.source()).append('\n');
            if (!st.note().isEmpty()) b.append("  note: ").append(st.note()).append('\n');
            b.append("  checksum: ").append(st.shortChecksum()).append('\n');
            b.append("  changes:\n");
            for (Change c : st.changes()) b.append("    - ").append(c.describe()).append("   (").append(c.loc()).append(")\n");
        }

        section(b, "structs");
        for (StructDef d : s.structs().values()) {
            b.append("/* struct ").append(d.name()).append(", from ").append(d.loc()).append(" */\n");
            b.append(annotate(d, removedBy));
        }

        section(b, "memdesc types");
        if (s.memdescTypes().isEmpty()) b.append("  (none)\n");
        s.memdescTypes().values().forEach(t -> b.append(String.format("  %2d  %s%n", t.code(), t.name())));

        section(b, "descriptors");
        if (s.descriptors().isEmpty()) b.append("  (none)\n");
        int dw = s.descriptors().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Descriptor d : s.descriptors().values())
            b.append("  ").append(pad(d.kind(), dw, false)).append("  struct ").append(d.struct()).append(", ")
                    .append(d.separate() ? "separately allocated" : "overlaid on the memmap").append('\n');

        section(b, "helpers");
        if (s.helpers().isEmpty()) b.append("  (none)\n");
        s.helpers().values().forEach(h -> b.append("  ").append(h.name()).append("() uses ").append(h.impl()).append('\n'));

        if (!s.config().isEmpty()) {
            section(b, "config");
            s.config().forEach((key, v) -> b.append("  ").append(key).append('=').append(v).append('\n'));
        }

        section(b, "users");
        for (User u : s.users().values()) {
            String head = "  " + u.id() + " (" + u.file() + ")" + (s.disabled().containsKey(u.id()) ? " [disabled]" : "") + ": ";
            List<String> acc = u.accesses().stream().map(a -> a.member().toString()).toList();
            List<String> lines = wrap(acc.isEmpty() ? "(no accesses)" : String.join(", ", acc), Math.max(30, width - head.length()));
            b.append(head).append(lines.get(0)).append('\n');
            for (int i = 1; i < lines.size(); i++) b.append(" ".repeat(head.length())).append(lines.get(i)).append('\n');
        }

        section(b, "offset asserts");
        memdesc.steps.Claims claims = s.claims();
        if (claims.overlays().isEmpty()) b.append("  (the roadmap states none)\n");
        for (memdesc.steps.Claims.Overlay o : claims.overlays()) {
            String state = s.struct(o.struct()) == null ? "not defined here"
                    : memdesc.build.BuildCheck.overlaysMemmap(s, o.struct()) ? "overlays the memmap: checked"
                    : "allocated separately: dropped";
            b.append("  ").append(o.struct()).append(" on ").append(o.on()).append(": ").append(o.pairs().size())
                    .append(" pair").append(o.pairs().size() == 1 ? "" : "s").append(", ").append(state)
                    .append("   (").append(o.loc()).append(")\n");
        }
        if (claims.machine() != null)
            b.append("  machine: ").append(Verifying.bytes(claims.machine().bytes())).append(" on ").append(claims.machine().nodes())
                    .append(" node").append(claims.machine().nodes() == 1 ? "" : "s")
                    .append(claims.machine().highestStated() ? " below " + Verifying.bytes(claims.machine().highest()) : "")
                    .append(": every PFN, zone and node encoding must describe it   (").append(claims.machine().loc()).append(")\n");

        section(b, "unmodelled members");
        if (!claims.unmodelledDeclared()) b.append("  (the roadmap has no unmodelled: list, so members no user covers are not checked)\n");
        else {
            boolean anyUnmodelled = false;
            Map<String, memdesc.layout.StructLayout> laid;
            try {
                laid = memdesc.build.BuildCheck.layoutLp64(s);
            } catch (memdesc.steps.InputException e) {
                laid = Map.of();
            }
            for (memdesc.steps.Claims.Unmodelled x : claims.unmodelled().values()) {
                if (s.struct(x.member().struct()) == null) continue;
                var l = laid.get(x.member().struct());
                if (l != null && l.find(x.member().path()).isEmpty()) continue;     // not a member in this state
                anyUnmodelled = true;
                String head = "  " + x.member() + ": ";
                List<String> lines = wrap(x.reason(), Math.max(30, width - head.length()));
                b.append(head).append(lines.get(0)).append('\n');
                for (int i = 1; i < lines.size(); i++) b.append(" ".repeat(head.length())).append(lines.get(i)).append('\n');
            }
            if (!anyUnmodelled) b.append("  (none: every member is used by a modelled user)\n");
        }

        section(b, "disabled users");
        if (s.disabled().isEmpty()) b.append("  (none)\n");
        s.disabled().values().forEach(d -> b.append("  ").append(d.user()).append(": ").append(d.reason())
                .append("   (").append(d.loc()).append(")\n"));

        section(b, "problems");
        if (s.problems().isEmpty()) b.append("  (none: this state builds)\n");
        s.problems().forEach(p -> b.append("  ").append(p.loc().error(p.message())).append('\n'));

        section(b, "members later steps remove");
        boolean any = false;
        for (Step later : r.steps().subList(k, r.steps().size()))
            for (Change c : later.changes())
                if (c instanceof Change.Remove rm) {
                    any = true;
                    List<String> who = new ArrayList<>();
                    for (User u : s.users().values())
                        if (u.accesses().stream().anyMatch(a -> within(a.member(), rm.member())))
                            who.add(u.id() + (s.disabled().containsKey(u.id()) ? " (disabled)" : ""));
                    String head = "  " + rm.member() + " (step " + later.number() + " " + later.id() + "): ";
                    String text = who.isEmpty() ? "no user accesses it here" : "still accessed by " + String.join(", ", who);
                    List<String> lines = wrap(text, Math.max(30, width - head.length()));
                    b.append(head).append(lines.get(0)).append('\n');
                    for (int i = 1; i < lines.size(); i++) b.append(" ".repeat(head.length())).append(lines.get(i)).append('\n');
                }
        if (!any) b.append("  (none)\n");
        return b.toString();
    }

    /** An access of {@code page.lru.next} is an access of {@code page.lru}. */
    private static boolean within(Member access, Member removed) {
        return access.struct().equals(removed.struct())
                && (access.path().equals(removed.path()) || access.path().startsWith(removed.path() + "."));
    }

    private static void section(StringBuilder b, String title) {
        b.append('\n').append(title).append(":\n");
    }

    /**
     * The struct's C text with each removed member marked: at the end of its declaration when exactly one
     * line declares that name, else in a comment line after the struct.
     */
    static String annotate(StructDef d, Map<Loc, Step> removedBy) {
        List<String> lines = new ArrayList<>(d.c().lines().toList());
        List<String> trailer = new ArrayList<>();
        d.hidden().forEach((member, loc) -> {
            Step st = removedBy.get(loc);
            String by = "removed by step " + (st == null ? "at " + loc : st.number() + " " + st.id());
            int only = -1;
            if (!member.contains(".")) {
                Pattern decl = Pattern.compile("\\b" + Pattern.quote(member) + "\\s*(\\[[^\\]]*\\]\\s*)*(:\\s*\\w+\\s*)?;");
                for (int i = 0; i < lines.size(); i++)
                    if (decl.matcher(lines.get(i)).find()) only = only == -1 ? i : -2;
            }
            if (only >= 0) lines.set(only, lines.get(only) + "\t/* " + by + " */");
            else trailer.add("/* " + by + ": " + member + " */");
        });
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        trailer.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
