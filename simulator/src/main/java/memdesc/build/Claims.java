package memdesc.build;

import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.Descriptor;
import memdesc.steps.Loc;
import memdesc.steps.Member;
import memdesc.steps.State;
import memdesc.steps.StructDef;
import memdesc.steps.User;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build check of the roadmap's claims ({@link memdesc.steps.Claims}) in one state: every offset assert
 * of a struct overlaid on the memmap holds; every PFN field of a descriptor, and the node bits of
 * page->flags, can describe the largest machine the roadmap claims; and, when the roadmap lists its
 * unmodelled members, every member of every struct is used by a modelled user or listed there.
 */
final class Claims {
    private Claims() {}

    /** Node bits the model keeps in page->flags (bits 56-61) while page_zone() reads the flags. */
    static final int NODE_BITS = 6;

    static void check(State state, Map<String, StructLayout> lp, List<Loc> mine, List<Diagnostic> out) {
        memdesc.steps.Claims c = state.claims();
        for (memdesc.steps.Claims.Overlay o : c.overlays()) overlay(state, o, lp, mine, out);
        if (c.machine() != null) machine(state, c.machine(), lp, mine, out);
        if (c.unmodelledDeclared()) unmodelled(state, c, lp, mine, out);
    }

    /** Whether the struct overlays the memmap here: a descriptor using it lives there, or it is no descriptor's. */
    static boolean overlaid(State state, String struct) {
        if (state.struct(struct) == null) return false;
        boolean any = false;
        for (Descriptor d : state.descriptors().values()) {
            if (!d.struct().equals(struct)) continue;
            any = true;
            if (d.placement() == Descriptor.Placement.MEMMAP) return true;
        }
        return !any;
    }

    /** The offset asserts of one overlay, while it overlays (an overlay that left the memmap keeps none). */
    private static void overlay(State state, memdesc.steps.Claims.Overlay o, Map<String, StructLayout> lp, List<Loc> mine,
                                List<Diagnostic> out) {
        if (!overlaid(state, o.struct())) return;
        StructLayout l = lp.get(o.struct()), on = lp.get(o.on());
        if (l == null || on == null) return;                 // a struct that does not lay out has its own error
        for (Descriptor d : state.descriptors().values())   // one too big to overlay has its own error
            if (d.struct().equals(o.struct()) && l.size() > BuildCheck.overlayPages(d.kind()) * on.size()) return;
        Loc at = blame(state, mine, o.loc(), o.struct(), o.on());
        for (memdesc.steps.Claims.Pair p : o.pairs()) {
            Optional<MemberRef> a = l.find(p.a().path()), b = on.find(p.b().path());
            String assertion = "overlay " + o.struct() + " on " + o.on() + ": " + p.a() + " at " + p.b()
                    + (p.page() == 0 ? "" : " of struct " + o.on() + " " + p.page());
            if (a.isEmpty() || b.isEmpty()) {
                Member missing = a.isEmpty() ? p.a() : p.b();
                out.add(new Diagnostic(at, assertion + ": 'struct " + missing.struct() + "' has no member named '" + missing.path()
                        + "' (the assert at " + p.loc().line() + ":" + p.loc().column() + ")"));
                continue;
            }
            long abit = bits(a.get()), bbit = bits(b.get()) + 8 * p.page() * on.size();
            if (abit != bbit)
                out.add(new Diagnostic(at, assertion + ": " + p.a().arrow() + " is at offset " + where(abit) + " but "
                        + p.b().arrow() + (p.page() == 0 ? "" : " of struct " + o.on() + " " + p.page()) + " is at "
                        + where(bbit) + " (the assert at " + p.loc().line() + ":" + p.loc().column() + ")"));
        }
    }

    private static long bits(MemberRef r) {
        return r.offset() * 8 + Math.max(0, r.bitOffset());
    }

    private static String where(long bit) {
        return bit % 8 == 0 ? Long.toString(bit / 8) : (bit / 8) + ":" + (bit % 8);
    }

    /** A state's failure is the step's fault when the step defined one of the structs involved. */
    private static Loc blame(State state, List<Loc> mine, Loc fallback, String... structs) {
        for (String s : structs) {
            StructDef d = state.struct(s);
            if (d != null && BuildCheck.has(mine, d.loc())) return d.loc();
        }
        for (Descriptor d : state.descriptors().values())
            for (String s : structs) if (d.struct().equals(s) && BuildCheck.has(mine, d.loc())) return d.loc();
        return fallback;
    }

    /**
     * PFN fields against the claimed machine: the buddy descriptor's prev/next (all ones is "none", so
     * 2^w - 1 frames; per zone when zone-relative, a zone taken as the machine's memory over its nodes),
     * and any descriptor's {@code pfn} member (2^w frames); the node bits of page->flags against the nodes.
     */
    private static void machine(State state, memdesc.steps.Claims.MachineClaim m, Map<String, StructLayout> lp,
                                List<Loc> mine, List<Diagnostic> out) {
        // absolute PFNs must reach the highest one (memory placed high: sparse), zone-relative ones a
        // zone's span: a node's memory taken as contiguous, memory / nodes
        long frames = m.highest() >>> 12;
        long zone = ((m.bytes() >>> 12) + m.nodes() - 1) / m.nodes();
        boolean relative = state.helper("buddy_pfn", "absolute").equals("zone_relative");
        String claim = "the roadmap claims machines of " + size(m.bytes()) + " on " + m.nodes() + " node" + (m.nodes() == 1 ? "" : "s")
                + (m.highestStated() ? " below physical address " + size(m.highest()) : "")
                + " (machine: at " + m.loc().line() + ":" + m.loc().column() + ")";
        for (Descriptor d : state.descriptors().values()) {
            StructLayout l = lp.get(d.struct());
            if (l == null) continue;
            Loc at = blame(state, mine, d.loc(), d.struct());
            if (d.kind().equals("buddy")) {
                for (String f : new String[] {"prev", "next"}) {
                    int w = pfnWidth(l, f);
                    if (w <= 0 || w >= 63) continue;
                    long can = (1L << w) - 1, need = relative ? zone : frames;
                    if (need > can)
                        out.add(new Diagnostic(at, "struct " + d.struct() + " holds " + w + "-bit " + (relative ? "zone-relative " : "")
                                + "PFNs in " + f + " (all ones is none): at most " + can + " frames (" + size(can << 12) + ")"
                                + (relative ? " per zone" : "") + ", but " + claim + (relative ? ", a zone of " + size(zone << 12) : "")));
                }
            }
            int w = pfnWidth(l, "pfn");
            if (w > 0 && w < 63 && frames > (1L << w))
                out.add(new Diagnostic(at, "struct " + d.struct() + "'s pfn is " + w + " bits: at most " + (1L << w) + " frames ("
                        + size(1L << (w + 12)) + "), but " + claim));
        }
        if (state.helper("page_zone", "flags").equals("flags") && m.nodes() > (1 << NODE_BITS)) {
            StructDef page = state.struct("page");
            out.add(new Diagnostic(page == null ? m.loc() : blame(state, mine, m.loc(), "page"), "page->flags keeps the node in "
                    + NODE_BITS + " bits while page_zone() reads the flags: at most " + (1 << NODE_BITS) + " nodes, but " + claim));
        }
    }

    /** The width of an integer member used as a PFN (a pointer is no PFN: 0). */
    private static int pfnWidth(StructLayout l, String member) {
        Optional<MemberRef> r = l.find(member);
        if (r.isEmpty() || r.get().type().endsWith("*")) return 0;
        return r.get().bitfield() ? r.get().bitWidth() : (int) (8 * r.get().size());
    }

    /**
     * Every member of every struct (every leaf of its layout) is used by a user of the state (enabled or
     * not: a disabled user still owns its fields), removed by a step, or listed as unmodelled.
     */
    private static void unmodelled(State state, memdesc.steps.Claims c, Map<String, StructLayout> lp, List<Loc> mine,
                                   List<Diagnostic> out) {
        Map<String, java.util.Set<String>> used = new java.util.HashMap<>();
        for (User u : state.users().values())
            for (User.Access a : u.accesses()) used.computeIfAbsent(a.member().struct(), k -> new java.util.HashSet<>()).add(a.member().path());
        Map<String, java.util.Set<String>> listed = new java.util.HashMap<>();
        for (memdesc.steps.Claims.Unmodelled x : c.unmodelled().values())
            listed.computeIfAbsent(x.member().struct(), k -> new java.util.HashSet<>()).add(x.member().path());
        for (StructDef d : state.structs().values()) {
            StructLayout l = lp.get(d.name());
            if (l == null) continue;
            java.util.Set<String> u = used.getOrDefault(d.name(), java.util.Set.of());
            java.util.Set<String> n = listed.getOrDefault(d.name(), java.util.Set.of());
            Loc at = BuildCheck.has(mine, d.loc()) ? d.loc() : d.loc();
            java.util.Set<String> reported = new java.util.HashSet<>();
            for (MemberRef r : l.leaves()) {
                String p = r.path();
                if (covered(p, u) || covered(p, n) || covered(p, d.hidden().keySet())) continue;
                String top = p.indexOf('.') < 0 ? p : p.substring(0, p.indexOf('.'));
                if (!reported.add(top)) continue;
                out.add(new Diagnostic(at, "'struct " + d.name() + "' member '" + p + "' is used by no modelled user and not listed "
                        + "under unmodelled: (list it there with the reason, or model a user of it)"));
            }
        }
    }

    /** Whether {@code path} or a member it lies in is in {@code names}. */
    static boolean covered(String path, java.util.Collection<String> names) {
        if (names.isEmpty()) return false;
        String p = path;
        while (true) {
            if (names.contains(p)) return true;
            int dot = p.lastIndexOf('.');
            if (dot < 0) return false;
            p = p.substring(0, dot);
        }
    }

    private static String size(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        double v = b;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%.0f %s", v, units[u])
                : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
