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

    private static String id(YamlNode n) {
        if (n instanceof YamlNode.Mapping m && m.get("id") instanceof YamlNode.Scalar s && !s.isNull()) return s.text();
        return null;
    }
}
