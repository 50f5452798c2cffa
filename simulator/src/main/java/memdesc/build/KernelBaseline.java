package memdesc.build;

import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.KernelLayout;
import memdesc.layout.LayoutDiff;
import memdesc.layout.SourceTree;
import memdesc.steps.Claims;
import memdesc.steps.Loc;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.StructDef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --kernel PATH[@REF]} for the commands that build states: the baseline's structs come from a
 * kernel tree instead of the roadmap's text, so the Path is verified from the real starting point. Each
 * struct the tree defines is replaced by the tree's own declarations (as {@link KernelLayout} reads them:
 * macros expanded, the tree's config applied); a struct the tree does not define keeps the roadmap's text.
 * Users, descriptors, helpers and the steps are the roadmap's: a user access the tree's struct lacks, an
 * overlay assert it breaks, or a member the roadmap neither models nor lists fails the baseline as it
 * would for the roadmap's own text. The baseline's release claim is not compared with the carried facts
 * (the tree stands in for them); the notes say which release was claimed and which tree was read.
 * The text read from the tree lives in memory only.
 */
public final class KernelBaseline {
    private KernelBaseline() {}

    /** The first line of a struct text read from a tree: it was read for x86_64 (CONFIG_64BIT decided), so C sees it there only. */
    public static final String READ_FOR_X86_64 = "/* memdesc --kernel: read from a tree for x86_64 */\n";

    /**
     * The roadmap with its baseline's structs from {@code tree}; {@code notes} say, struct by struct,
     * where each came from and how the tree's layout differs from the roadmap's text (x86_64).
     */
    public record Result(Roadmap roadmap, List<String> notes, List<String> facts, List<String> warnings,
                         Map<String, StructDef> fromTree) {
        public Result {
            fromTree = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fromTree));
        }

        /**
         * Another text of the same roadmap (a mutant) on this tree's baseline, without reading the tree again:
         * each baseline struct the tree defined is the tree's, the others stay as {@code other} has them.
         */
        public Roadmap onto(Roadmap other) {
            return rebase(other, fromTree);
        }

        /** A hash of the tree's structs: what tells a kernel baseline from the roadmap's own (e.g. in a cache key). */
        public String treeHash() {
            StringBuilder b = new StringBuilder();
            fromTree.values().forEach(d -> b.append("struct ").append(d.name()).append('\n').append(d.c()).append('\n'));
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Result from(Roadmap r, SourceTree tree, String config) {
        State base = r.baseline();
        List<String> notes = new ArrayList<>();
        Claims.Release claim = base.claims().release();
        notes.add("baseline structs from " + tree.name() + (claim == null ? "" : " (the roadmap claims kernel " + claim.name()
            + " at " + claim.loc() + "; the tree stands in for that release's facts)"));
        List<String> present = new ArrayList<>();
        for (String n : base.structs().keySet()) if (KernelLayout.locate(tree, n) != null) present.add(n);
        KernelLayout.Result k = present.isEmpty() ? new KernelLayout.Result(List.of(), List.of(), List.of(), List.of())
            : KernelLayout.layout(tree, present, Abi.LP64, config);
        Map<String, KernelLayout.Entry> byName = new LinkedHashMap<>();
        for (KernelLayout.Entry e : k.structs()) byName.put(e.name(), e);
        // the roadmap's own layout of the same structs, to say what the tree changes
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        for (StructDef d : base.structs().values()) sources.add(Map.entry(d.name(), d.c()));
        CHeader mine = CHeader.parseAll(sources, Abi.LP64, base.config());
        Map<String, StructDef> fromTree = new LinkedHashMap<>();
        for (StructDef d : base.structs().values()) {
            KernelLayout.Entry e = byName.get(d.name());
            if (e == null) {
                notes.add("struct " + d.name() + ": kept from the roadmap (" + d.loc() + "): " + tree.name() + " defines no struct " + d.name());
                continue;
            }
            Loc at = new Loc(tree.name() + ":" + e.file(), Math.max(1, e.layout().line()), Math.max(1, e.layout().column()));
            // the tree's declarations the struct needs, then the struct: one text, laid out on top of the prelude
            fromTree.put(d.name(), new StructDef(d.name(), READ_FOR_X86_64 + e.source(), at));
            List<LayoutDiff.Difference> diff = LayoutDiff.diff(d.name(), mine.require(d.name()), e.layout());
            notes.add("struct " + d.name() + ": from " + e.file() + " (" + e.layout().size() + " bytes), "
                + (diff.isEmpty() ? "the same layout as the roadmap's text" : diff.size() + " difference" + (diff.size() == 1 ? "" : "s")
                + " from the roadmap's text (the tree's wins):"));
            for (LayoutDiff.Difference x : diff) notes.add("  " + x.line("roadmap", e.file()));
        }
        return new Result(rebase(r, fromTree), notes, k.facts(), k.warnings(), fromTree);
    }

    /** {@code r} with the baseline structs named in {@code fromTree} replaced, in the baseline's order, and no release claim. */
    static Roadmap rebase(Roadmap r, Map<String, StructDef> fromTree) {
        State base = r.baseline();
        Map<String, StructDef> structs = new LinkedHashMap<>();
        for (StructDef d : base.structs().values()) structs.put(d.name(), fromTree.getOrDefault(d.name(), d));
        Claims c = base.claims();
        Claims unclaimed = new Claims(c.machine(), c.overlays(), c.unmodelled(), c.unmodelledDeclared(), null);
        State b = new State(0, State.BASELINE, structs, base.memdescTypes(), base.users(), base.descriptors(), base.helpers(),
            base.config(), base.disabled(), base.problems(), base.dropped(), unclaimed);
        return new Roadmap(r.name(), r.file(), r.phases(), b, r.steps(), r.baselineTitle(), r.baselineSource());
    }
}
