package memdesc.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import memdesc.cost.CostReport;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StateDelta} for people: plain text that fits a terminal of a given width (80 by default;
 * nothing wider but the struct members' C types, which are cut), Markdown for a merge request, and
 * JSON (the records as they are) for scripts.
 */
public final class DeltaText {
    private DeltaText() {}

    // ------------------------------------------------------------------------------------- text

    public static String text(StateDelta d, int width) {
        int w = Math.max(60, width);
        StringBuilder b = new StringBuilder();
        StateDelta.Side to = d.to();
        b.append(fit(label(to) + ": " + to.title(), w)).append('\n');
        b.append("  against ").append(label(d.from())).append('\n');
        if (d.empty()) b.append("\n  (no change a reviewer would see: structs, users, helpers, types and config are as before)\n");

        for (StructDelta s : d.structs()) struct(b.append('\n'), s, w);
        if (!d.hidden().isEmpty()) hanging(b.append('\n'), "removed from users (bytes stay): ", String.join(", ", d.hidden()), w);
        if (!d.unhidden().isEmpty()) hanging(b.append('\n'), "usable again: ", String.join(", ", d.unhidden()), w);

        if (!d.placements().isEmpty()) {
            b.append("\ndescriptors:\n");
            for (StateDelta.Placement p : d.placements())
                b.append(fit("  " + p.kind() + " (struct " + p.struct() + "): " + place(p.before()) + " -> " + place(p.after()), w)).append('\n');
        }
        if (!d.users().isEmpty()) {
            b.append("\nusers whose bindings changed:\n");
            int uw = Math.min(16, d.users().stream().mapToInt(u -> u.user().length()).max().orElse(4));
            for (StateDelta.Rebinding u : d.users()) {
                List<String> parts = new ArrayList<>();
                u.moved().forEach(m -> parts.add(m.from() + " -> " + m.to()));
                if (!u.stopped().isEmpty()) parts.add("stops " + String.join(", ", u.stopped()));
                if (!u.started().isEmpty()) parts.add("starts " + String.join(", ", u.started()));
                hanging(b, "  " + pad(u.user(), uw) + "  ", String.join("; ", parts), w);
            }
        }
        if (!d.helpers().isEmpty()) {
            b.append("\nhelpers:\n");
            int hw = d.helpers().stream().mapToInt(h -> h.name().length()).max().orElse(4) + 2;
            for (StateDelta.Switch h : d.helpers())
                b.append(fit("  " + pad(h.name() + "()", hw) + "  " + or(h.before(), "(default)") + " -> " + or(h.after(), "(default)"), w)).append('\n');
        }
        if (!d.types().isEmpty()) {
            List<String> set = new ArrayList<>();
            List<String> cleared = new ArrayList<>();
            for (StateDelta.Switch t : d.types()) {
                if (t.after() == null) cleared.add(t.name() + NBSP + t.before());
                else set.add(t.name() + NBSP + t.after() + (t.before() == null ? "" : NBSP + "(was" + NBSP + t.before() + ")"));
            }
            b.append("\nmemdesc types:\n");
            if (!set.isEmpty()) hanging(b, "  set      ", String.join(", ", set), w);
            if (!cleared.isEmpty()) hanging(b, "  cleared  ", String.join(", ", cleared), w);
        }
        if (!d.config().isEmpty()) {
            b.append("\nconfig:\n");
            for (StateDelta.Switch c : d.config())
                b.append(fit("  " + c.name() + ": " + or(c.before(), "unset") + " -> " + or(c.after(), "unset"), w)).append('\n');
        }
        if (!d.disabled().isEmpty()) hanging(b.append('\n'), "disabled: ", String.join(", ", d.disabled()), w);
        if (!d.enabled().isEmpty()) hanging(b.append('\n'), "enabled:  ", String.join(", ", d.enabled()), w);
        boolean costChanged = d.costs().stream().anyMatch(c -> c.memmapBefore() != c.memmapAfter() || c.descriptorsBefore() != c.descriptorsAfter());
        if (!d.costs().isEmpty() && !costChanged) {
            b.append("\ncost: no change (").append(String.join("; ", d.costs().stream()
                    .map(c -> c.population() + ", " + CostReport.size(c.ramBytes())).toList())).append(")\n");
        } else if (!d.costs().isEmpty()) {
            b.append('\n').append(pad("cost", 24)).append(pad("memmap", 24)).append(pad("descriptors", 22)).append("total\n");
            for (StateDelta.Cost c : d.costs()) {
                String who = fit(c.population() + ", " + CostReport.size(c.ramBytes()), 22);
                b.append(fit(pad(who, 22) + "  " + pad(arrow(c.memmapBefore(), c.memmapAfter()), 22) + "  "
                        + pad(arrow(c.descriptorsBefore(), c.descriptorsAfter()), 20) + "  "
                        + signed(c.totalAfter() - c.totalBefore()), w)).append('\n');
            }
        }
        if (!d.problems().isEmpty()) {
            b.append("\nthis state does not build:\n");
            for (String p : d.problems()) hanging(b, "  ", p, w);
        }
        return b.toString();
    }

    /**
     * Struct deltas alone ({@code layout --diff}): per struct its size, then a line per member that was
     * added (+), removed (-), moved (>) or resized/retyped (~), with offsets, size and C type, then the
     * holes and padding that appear (+) or vanish (-).
     */
    public static String structs(List<StructDelta> ds, int width) {
        int w = Math.max(60, width);
        StringBuilder b = new StringBuilder();
        for (StructDelta s : ds) struct(b.length() == 0 ? b : b.append('\n'), s, w);
        if (ds.isEmpty()) b.append("(no struct changed)\n");
        return b.toString();
    }

    private static void struct(StringBuilder b, StructDelta s, int w) {
        b.append("struct ").append(s.name()).append(": ").append(sizes(s)).append('\n');
        // what went, in one wrapped list (old offset and size); then each member that moved, changed or came
        List<String> gone = new ArrayList<>();
        for (StructDelta.Change c : s.members())
            if (c.kind() == StructDelta.Change.Kind.REMOVED) gone.add(c.path() + NBSP + "@" + c.offsetBefore() + "/" + c.sizeBefore());
        if (!gone.isEmpty()) hanging(b, "  - removed ", String.join(", ", gone), w);
        List<StructDelta.Change> rest = s.members().stream().filter(c -> c.kind() != StructDelta.Change.Kind.REMOVED).toList();
        int pw = Math.max(6, Math.min(22, rest.stream().mapToInt(c -> c.path().length()).max().orElse(6)));
        for (StructDelta.Change c : rest) {
            String head = "  " + sign(c) + " " + pad(fit(c.path(), pw), pw) + "  " + pad(offsets(c), 11) + " "
                    + padLeft(sizeText(c), 5) + "  ";
            b.append(head).append(fit(types(c), w - head.length())).append('\n');
        }
        gaps(b, s, w);
    }

    private static String label(StateDelta.Side s) {
        return s.index() == 0 ? "baseline" : s.id() + " (step " + s.index() + ")";
    }

    private static String sizes(StructDelta s) {
        if (s.added()) return "new, " + s.sizeAfter() + " bytes";
        if (s.removed()) return "gone (was " + s.sizeBefore() + " bytes)";
        if (s.sizeBefore() == s.sizeAfter()) return s.sizeAfter() + " bytes";
        long diff = s.sizeAfter() - s.sizeBefore();
        return s.sizeBefore() + " -> " + s.sizeAfter() + " bytes (" + (diff > 0 ? "+" : "") + diff + ")";
    }

    private static String sign(StructDelta.Change c) {
        return switch (c.kind()) {
            case ADDED -> "+";
            case REMOVED -> "-";
            case MOVED -> ">";
            case RESIZED, RETYPED -> "~";
        };
    }

    private static String offsets(StructDelta.Change c) {
        return switch (c.kind()) {
            case ADDED -> "@" + c.offsetAfter();
            case REMOVED -> "@" + c.offsetBefore();
            default -> c.offsetBefore() == c.offsetAfter() ? "@" + c.offsetAfter() : "@" + c.offsetBefore() + " -> " + c.offsetAfter();
        };
    }

    private static String sizeText(StructDelta.Change c) {
        if (c.kind() == StructDelta.Change.Kind.ADDED) return String.valueOf(c.sizeAfter());
        if (c.kind() == StructDelta.Change.Kind.REMOVED || c.sizeBefore() == c.sizeAfter()) return String.valueOf(c.sizeBefore());
        return c.sizeBefore() + "->" + c.sizeAfter();
    }

    private static String types(StructDelta.Change c) {
        if (c.kind() == StructDelta.Change.Kind.RETYPED) return c.typeBefore() + " -> " + c.typeAfter();
        return c.typeAfter() != null ? c.typeAfter() : c.typeBefore();
    }

    private static void gaps(StringBuilder b, StructDelta s, int w) {
        List<String> parts = new ArrayList<>();
        for (StructDelta.Gap g : s.gapsAfter()) if (!s.gapsBefore().contains(g)) parts.add("+" + gap(g));
        for (StructDelta.Gap g : s.gapsBefore()) if (!s.gapsAfter().contains(g)) parts.add("-" + gap(g));
        if (!parts.isEmpty()) hanging(b, "  holes: ", String.join(", ", parts), w);
    }

    private static String gap(StructDelta.Gap g) {
        return (g.padding() ? "padding " : "hole ") + g.size() + " at @" + g.offset();
    }

    private static String place(String p) {
        if (p == null) return "(none)";
        return switch (p) {
            case "memmap" -> "overlaid on the memmap";
            case "separate" -> "separately allocated";
            case "in_block" -> "kept in the free block";
            default -> p;
        };
    }

    private static String arrow(long a, long b) {
        return a == b ? CostReport.size(a) : CostReport.size(a) + " -> " + CostReport.size(b);
    }

    private static String signed(long bytes) {
        return bytes == 0 ? "0" : (bytes > 0 ? "+" : "-") + CostReport.size(Math.abs(bytes));
    }

    // ------------------------------------------------------------------------------------ markdown

    public static String markdown(StateDelta d) {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(label(d.to())).append(": ").append(md(d.to().title())).append("\n\n");
        b.append("Against ").append(label(d.from())).append(".\n");
        for (StructDelta s : d.structs()) structMarkdown(b, s);
        if (!d.placements().isEmpty()) {
            b.append("\n**Descriptors**\n\n");
            d.placements().forEach(p -> b.append("- ").append(p.kind()).append(" (struct ").append(p.struct()).append("): ")
                    .append(place(p.before())).append(" → ").append(place(p.after())).append('\n'));
        }
        if (!d.users().isEmpty()) {
            b.append("\n**Users whose bindings changed**\n\n");
            for (StateDelta.Rebinding u : d.users()) {
                List<String> parts = new ArrayList<>();
                u.moved().forEach(m -> parts.add("`" + m.from() + "` → `" + m.to() + "`"));
                if (!u.stopped().isEmpty()) parts.add("stops " + code(u.stopped()));
                if (!u.started().isEmpty()) parts.add("starts " + code(u.started()));
                b.append("- ").append(u.user()).append(": ").append(String.join("; ", parts)).append('\n');
            }
        }
        if (!d.helpers().isEmpty()) {
            b.append("\n**Helpers**\n\n");
            d.helpers().forEach(h -> b.append("- `").append(h.name()).append("()`: ").append(or(h.before(), "(default)"))
                    .append(" → ").append(or(h.after(), "(default)")).append('\n'));
        }
        if (!d.types().isEmpty()) {
            b.append("\n**Memdesc types**\n\n");
            d.types().forEach(t -> b.append("- ").append(t.name()).append(": ").append(or(t.before(), "unset")).append(" → ")
                    .append(or(t.after(), "unset")).append('\n'));
        }
        if (!d.config().isEmpty()) {
            b.append("\n**Config**\n\n");
            d.config().forEach(c -> b.append("- `").append(c.name()).append("`: ").append(or(c.before(), "unset")).append(" → ")
                    .append(or(c.after(), "unset")).append('\n'));
        }
        if (!d.hidden().isEmpty()) b.append("\nRemoved from users (bytes stay): ").append(code(d.hidden())).append('\n');
        if (!d.unhidden().isEmpty()) b.append("\nUsable again: ").append(code(d.unhidden())).append('\n');
        if (!d.disabled().isEmpty()) b.append("\nDisabled: ").append(String.join(", ", d.disabled())).append('\n');
        if (!d.enabled().isEmpty()) b.append("\nEnabled: ").append(String.join(", ", d.enabled())).append('\n');
        if (!d.costs().isEmpty()) {
            b.append("\n| population | memmap | descriptors | total change |\n|---|---:|---:|---:|\n");
            d.costs().forEach(c -> b.append("| ").append(c.population()).append(", ").append(CostReport.size(c.ramBytes()))
                    .append(" | ").append(arrow(c.memmapBefore(), c.memmapAfter()).replace("->", "→")).append(" | ")
                    .append(arrow(c.descriptorsBefore(), c.descriptorsAfter()).replace("->", "→")).append(" | ")
                    .append(signed(c.totalAfter() - c.totalBefore())).append(" |\n"));
        }
        if (!d.problems().isEmpty()) {
            b.append("\n**This state does not build**\n\n");
            d.problems().forEach(p -> b.append("- ").append(md(p)).append('\n'));
        }
        return b.toString();
    }

    private static void structMarkdown(StringBuilder b, StructDelta s) {
        b.append("\n#### struct ").append(s.name()).append(": ").append(sizes(s).replace("->", "→"))
                .append(s.changed() ? "" : " (no change)").append("\n\n");
        if (!s.members().isEmpty()) {
            b.append("| | member | offset | size | type |\n|---|---|---:|---:|---|\n");
            for (StructDelta.Change c : s.members())
                b.append("| ").append(c.kind().name().toLowerCase(java.util.Locale.ROOT)).append(" | `").append(c.path())
                        .append("` | ").append(offsets(c).replace("->", "→")).append(" | ").append(sizeText(c).replace("->", "→"))
                        .append(" | `").append(md(types(c))).append("` |\n");
        }
        StringBuilder g = new StringBuilder();
        gaps(g, s, 1 << 20);
        if (g.length() > 0) b.append('\n').append(g.toString().strip()).append('\n');
    }

    /** Struct deltas alone, as Markdown. */
    public static String structsMarkdown(List<StructDelta> ds) {
        StringBuilder b = new StringBuilder();
        for (StructDelta s : ds) structMarkdown(b, s);
        if (ds.isEmpty()) b.append("(no struct changed)\n");
        return b.toString().stripLeading();
    }

    /** Struct deltas alone, as a JSON array. */
    public static String structsJson(List<StructDelta> ds) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ds) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String code(List<String> xs) {
        return String.join(", ", xs.stream().map(x -> "`" + x + "`").toList());
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    // ---------------------------------------------------------------------------------------- json

    /** The deltas as a JSON array (one object per delta, the records' components as keys). */
    public static String json(List<StateDelta> ds) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ds) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    private static String or(String s, String dflt) {
        return s == null ? dflt : s;
    }

    private static String fit(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(0, w - 3)) + "...";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }

    /** Joins words that must stay on one line when wrapped (a member and its offset). */
    private static final String NBSP = "\u00a0";

    /** {@code head} then the text wrapped at word boundaries, continuation lines indented under it. */
    private static void hanging(StringBuilder b, String head, String text, int w) {
        int room = Math.max(20, w - head.length());
        StringBuilder line = new StringBuilder();
        boolean first = true;
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                b.append(first ? head : " ".repeat(head.length())).append(line.toString().replace(NBSP, " ")).append('\n');
                first = false;
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(fit(word, room));
        }
        b.append(first ? head : " ".repeat(head.length())).append(line.toString().replace(NBSP, " ")).append('\n');
    }
}
