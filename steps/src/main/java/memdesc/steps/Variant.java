package memdesc.steps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A roadmap that {@code extends:} another (docs/roadmap-language.md, "Variants"): the base's YAML tree with the
 * variant's top-level keys put over it; {@code unmodelled} merges with the base's by member. Steps merge by id: a variant step whose id the base has replaces
 * that step where it stands; a new one says where it goes with {@code after: ID}; {@code remove_steps}
 * lists base steps to leave out. Every node keeps the file it came from, so an error in a step the
 * variant did not touch names the base file and line.
 */
final class Variant {
    private Variant() {}

    /** Variants may extend variants; deeper than this is a loop or a mistake. */
    static final int MAX_DEPTH = 8;

    static final String EXTENDS = "extends", AFTER = "after", REMOVE = "remove_steps", UNMODELLED = "unmodelled";

    static boolean isVariant(YamlNode root) {
        return root instanceof YamlNode.Mapping m && m.entries().containsKey(EXTENDS);
    }

    /** The merged tree; {@code dir} is where the variant file is (the base path is relative to it). */
    static YamlNode merge(YamlNode.Mapping variant, Path dir, int depth) {
        YamlNode.Entry ext = variant.entries().get(EXTENDS);
        if (!(ext.value() instanceof YamlNode.Scalar s) || s.isNull() || s.text().isBlank())
            throw ext.value().loc().fail("'extends' names the base roadmap file (a path relative to this file)");
        if (dir == null) throw ext.key().loc().fail("'extends' needs a roadmap read from a file (this one has no directory)");
        if (depth >= MAX_DEPTH) throw ext.key().loc().fail("'extends' nests deeper than " + MAX_DEPTH + " files (a loop?)");
        Path basePath = dir.resolve(s.text());
        // named as the user would reach it: beside the variant as the variant was named
        String shown = Path.of(ext.value().loc().file()).resolveSibling(s.text()).normalize().toString();
        YamlNode baseRoot = RoadmapLoader.tree(basePath, shown, ext.value().loc(), depth + 1);
        if (!(baseRoot instanceof YamlNode.Mapping base))
            throw ext.value().loc().fail("the base roadmap " + s.text() + " is not a mapping");
        Map<String, YamlNode.Entry> out = new LinkedHashMap<>(base.entries());
        for (YamlNode.Entry e : variant.entries().values()) {
            String k = e.key().text();
            if (k.equals(EXTENDS) || k.equals(REMOVE)) continue;
            if (k.equals("steps")) out.put(k, new YamlNode.Entry(e.key(), steps(base.get("steps"), e.value(), variant.get(REMOVE))));
            else if (k.equals(UNMODELLED) && base.get(k) instanceof YamlNode.Mapping bm && e.value() instanceof YamlNode.Mapping vm) {
                // members the variant's own structs add: merged with the base's by member (the variant's reason wins)
                Map<String, YamlNode.Entry> merged = new LinkedHashMap<>(bm.entries());
                merged.putAll(vm.entries());
                out.put(k, new YamlNode.Entry(e.key(), new YamlNode.Mapping(vm.loc(), merged)));
            } else out.put(k, e);
        }
        if (!variant.entries().containsKey("steps") && variant.entries().containsKey(REMOVE))
            out.put("steps", new YamlNode.Entry(new YamlNode.Key("steps", variant.entries().get(REMOVE).key().loc()),
                    steps(base.get("steps"), new YamlNode.Sequence(variant.loc(), List.of()), variant.get(REMOVE))));
        return new YamlNode.Mapping(variant.loc(), out);
    }

    private static YamlNode steps(YamlNode baseSteps, YamlNode mine, YamlNode remove) {
        if (!(baseSteps instanceof YamlNode.Sequence bs)) return mine; // the binder says what is wrong with it
        if (!(mine instanceof YamlNode.Sequence ms)) throw mine.loc().fail("'steps' of a variant must be a list of steps");
        List<YamlNode> items = new ArrayList<>(bs.items());
        List<String> ids = new ArrayList<>();
        for (YamlNode n : items) ids.add(id(n));
        if (remove != null) {
            if (!(remove instanceof YamlNode.Sequence rs)) throw remove.loc().fail("'remove_steps' must be a list of step ids");
            for (YamlNode r : rs.items()) {
                String id = r instanceof YamlNode.Scalar sc ? sc.text() : null;
                int at = id == null ? -1 : ids.indexOf(id);
                if (at < 0) throw r.loc().fail("the base roadmap has no step '" + id + "' to remove" + Names.didYouMean(String.valueOf(id), ids));
                items.remove(at);
                ids.remove(at);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (YamlNode n : ms.items()) {
            String id = id(n);
            if (id == null) throw n.loc().fail("a step of a variant needs an 'id' (the base step it replaces, or a new one with 'after')");
            if (!seen.add(id)) throw n.loc().fail("step '" + id + "' appears twice in the variant");
            YamlNode.Mapping m = (YamlNode.Mapping) n;
            YamlNode.Entry after = m.entries().get(AFTER);
            Map<String, YamlNode.Entry> rest = new LinkedHashMap<>(m.entries());
            rest.remove(AFTER);
            YamlNode step = new YamlNode.Mapping(m.loc(), rest);
            int at = ids.indexOf(id);
            if (after == null) {
                if (at < 0) throw m.loc().fail("the base roadmap has no step '" + id + "' to replace; a new step says where it goes with"
                        + " 'after: STEP'" + Names.didYouMean(id, ids));
                items.set(at, step);
                continue;
            }
            if (at >= 0) throw after.key().loc().fail("step '" + id + "' replaces the base's step of that id where it stands; 'after' is for new steps");
            String where = after.value() instanceof YamlNode.Scalar sc ? sc.text() : null;
            int pos = where == null ? -1 : ids.indexOf(where);
            if (pos < 0) throw after.value().loc().fail("no step '" + where + "' to put '" + id + "' after" + Names.didYouMean(String.valueOf(where), ids));
            items.add(pos + 1, step);
            ids.add(pos + 1, id);
        }
        return new YamlNode.Sequence(ms.loc(), items);
    }

    /**
     * The variant as one stand-alone roadmap text, spliced from the lines of its files: the base's top-level
     * keys and steps as the base wrote them, the variant's where it replaces them, new steps (their
     * {@code after:} line dropped) where they go, removed steps left out, {@code unmodelled} merged. It
     * loads to the same roadmap as the variant; tools that edit a roadmap's text (mutate) work on it.
     */
    static String flatten(Path file, int depth) {
        String text = read(file);
        YamlNode root = YamlReader.read("variant", text, YamlReader.factory((int) RoadmapLoader.MAX_BYTES + 1));
        if (!isVariant(root)) return text;
        YamlNode.Mapping variant = (YamlNode.Mapping) root;
        if (depth >= MAX_DEPTH) throw new InputException(file + ": 'extends' nests deeper than " + MAX_DEPTH + " files (a loop?)");
        YamlNode.Entry ext = variant.entries().get(EXTENDS);
        if (!(ext.value() instanceof YamlNode.Scalar es) || es.isNull())
            throw new InputException(file + ": 'extends' names the base roadmap file");
        Path dir = file.toAbsolutePath().getParent();
        String baseText = flatten(dir.resolve(es.text()), depth + 1);
        YamlNode.Mapping base = (YamlNode.Mapping) YamlReader.read("base", baseText, YamlReader.factory((int) RoadmapLoader.MAX_BYTES + 1));
        Map<String, List<String>> lines = Map.of("base", List.of(baseText.split("\n", -1)), "variant", List.of(text.split("\n", -1)));
        List<String> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(base.entries().keySet());
        keys.addAll(variant.entries().keySet());
        for (String k : keys) {
            if (k.equals(EXTENDS) || k.equals(REMOVE)) continue;
            YamlNode.Entry mine = variant.entries().get(k), theirs = base.entries().get(k);
            if (k.equals("steps") && theirs != null && (mine != null || variant.entries().containsKey(REMOVE))) {
                YamlNode ms = mine != null ? mine.value() : new YamlNode.Sequence(variant.loc(), List.of());
                YamlNode merged = steps(theirs.value(), ms, variant.get(REMOVE));
                out.add("steps:");
                int dash = indent(lines.get("base").get(((YamlNode.Sequence) theirs.value()).items().get(0).loc().line() - 1));
                for (YamlNode item : ((YamlNode.Sequence) merged).items()) {
                    List<String> l = lines.get(item.loc().file());
                    int start = item.loc().line() - 1, d = indent(l.get(start));
                    for (int i = start; i <= blockEnd(l, start, d); i++) {
                        String line = l.get(i);
                        if (item.loc().file().equals("variant") && indent(line) == d + 2 && line.trim().startsWith(AFTER + ":")) continue;
                        out.add(shift(line, dash - d));
                    }
                    out.add("");
                }
            } else if (k.equals(UNMODELLED) && mine != null && theirs != null && theirs.value() instanceof YamlNode.Mapping bm
                    && mine.value() instanceof YamlNode.Mapping vm) {
                out.add(lines.get("base").get(theirs.key().loc().line() - 1));
                int ind = -1;
                for (YamlNode.Entry e : bm.entries().values()) {
                    if (vm.entries().containsKey(e.key().text())) continue;
                    ind = addEntry(out, lines.get("base"), e, 0);
                }
                for (YamlNode.Entry e : vm.entries().values()) {
                    int d = indent(lines.get("variant").get(e.key().loc().line() - 1));
                    addEntry(out, lines.get("variant"), e, ind < 0 ? 0 : ind - d);
                }
                out.add("");
            } else {
                boolean v = mine != null;
                YamlNode.Mapping from = v ? variant : base;
                List<String> l = lines.get(v ? "variant" : "base");
                int start = (v ? mine : theirs).key().loc().line() - 1, end = l.size();
                for (YamlNode.Entry e : from.entries().values())
                    if (e.key().loc().line() - 1 > start) end = Math.min(end, e.key().loc().line() - 1);
                for (int i = start; i < end; i++) out.add(l.get(i));
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static int addEntry(List<String> out, List<String> l, YamlNode.Entry e, int by) {
        int start = e.key().loc().line() - 1, d = indent(l.get(start));
        for (int i = start; i <= blockEnd(l, start, d); i++) out.add(shift(l.get(i), by));
        return d + by;
    }

    private static String read(Path file) {
        try {
            return new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new InputException(file + ": error: cannot read: " + e.getMessage());
        }
    }

    private static int indent(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') i++;
        return i;
    }

    /** The last line of the block that starts at {@code start}: up to the next non-blank line indented no deeper than {@code d}. */
    private static int blockEnd(List<String> l, int start, int d) {
        int last = start;
        for (int i = start + 1; i < l.size(); i++) {
            String s = l.get(i);
            if (s.isBlank()) continue;
            if (indent(s) <= d) break;
            last = i;
        }
        return last;
    }

    private static String shift(String line, int by) {
        if (by >= 0) return " ".repeat(by) + line;
        int strip = Math.min(-by, indent(line));
        return line.substring(strip);
    }

    private static String id(YamlNode n) {
        if (n instanceof YamlNode.Mapping m && m.get("id") instanceof YamlNode.Scalar s && !s.isNull()) return s.text();
        return null;
    }
}
