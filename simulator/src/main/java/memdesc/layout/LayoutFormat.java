package memdesc.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders layouts: pahole's format ({@link #pahole}), a readable table ({@link #table}),
 * JSON ({@link #json}) and a member reordering with fewer holes ({@link #reorganize}).
 */
public final class LayoutFormat {
    /** pahole's cacheline size and column widths (type 26, type + name 49 for structs, 47 for unions). */
    private static final int CACHELINE = 64;
    private static final int TYPE_SPACING = 26;

    private LayoutFormat() { }

    /** Output styles of {@link #render}. */
    public enum Style { TEXT, PAHOLE, JSON }

    /**
     * Renders structs of a header in one style; with {@code reorganize}, the suggested member
     * order (top-level members only) and what it saves.
     */
    public static String render(CHeader h, List<StructLayout> structs, Style style, boolean reorganize) {
        StringBuilder b = new StringBuilder();
        switch (style) {
            case JSON -> {
                List<StructLayout> out = new ArrayList<>();
                for (StructLayout s : structs) out.add(reorganize ? reorganize(h, s) : s);
                b.append(json(out));
            }
            case PAHOLE -> {
                for (StructLayout s : structs) {
                    if (b.length() > 0) b.append('\n');
                    b.append(reorganize ? reorganizeText(h, s) : pahole(h, s));
                }
            }
            case TEXT -> {
                for (StructLayout s : structs) {
                    if (b.length() > 0) b.append('\n');
                    if (!reorganize) {
                        b.append(table(s));
                        continue;
                    }
                    StructLayout r = reorganize(h, s);
                    b.append(table(r));
                    long saved = s.size() - r.size();
                    b.append(saved > 0
                        ? "reorganized (top-level members only): " + s.size() + " -> " + r.size() + " bytes, saves " + saved + "\n"
                        : "reorganized (top-level members only): no order is smaller than " + s.size() + " bytes\n");
                }
            }
        }
        return b.toString();
    }

    // ---- holes, as pahole's class__find_holes computes them --------------------------------

    /** Per-member holes after each top-level member, tail padding and bit padding of one struct. */
    record Holes(long[] byteHole, long[] bitHole, long padding, long bitPadding) {
        int holes() {
            int n = 0;
            for (long h : byteHole) if (h > 0) n++;
            return n;
        }

        int bitHoles() {
            int n = 0;
            for (long h : bitHole) if (h > 0) n++;
            return n;
        }
    }

    static Holes holes(StructLayout s) {
        List<Member> ms = s.members();
        long[] bh = new long[ms.size()];
        long[] bits = new long[ms.size()];
        if (s.union()) return new Holes(bh, bits, 0, 0);
        long lastSeen = 0;
        boolean inBitfield = false;
        long unitEnd = 0;
        for (int k = 0; k < ms.size(); k++) {
            Member m = ms.get(k);
            long start = m.offset() * 8 + (m.bitfield() ? m.bitOffset() : 0);
            long end = m.bitfield() ? start + m.bitWidth() : start + m.size() * 8;
            if (k > 0 && start > lastSeen) {
                if (inBitfield) {
                    long b = Math.min(start, unitEnd) - lastSeen;
                    if (b > 0) {
                        bits[k - 1] += b;
                        lastSeen += b;
                    }
                }
                long rem = start - lastSeen;
                if (rem > 0) {
                    bh[k - 1] += rem / 8;
                    bits[k - 1] += rem % 8;
                }
            }
            if (m.bitfield()) {
                if (!inBitfield || start >= unitEnd) {
                    inBitfield = true;
                    unitEnd = (m.offset() + m.size()) * 8;
                }
            } else {
                inBitfield = false;
            }
            lastSeen = Math.max(lastSeen, end);
        }
        long bitPadding = 0;
        if (inBitfield) {
            // up to the end of the last unit, or to the next byte when the field ran past it (i386 long long)
            long end = unitEnd > lastSeen ? Math.min(unitEnd, s.size() * 8) : Math.min((lastSeen + 7) / 8 * 8, s.size() * 8);
            bitPadding = Math.max(0, end - lastSeen);
            lastSeen += bitPadding;
        }
        long padding = Math.max(0, (s.size() * 8 - lastSeen) / 8);
        return new Holes(bh, bits, padding, bitPadding);
    }

    /** Tail padding of a struct-typed member's type (pahole's "last struct has N bytes of padding"). */
    private static long typePadding(Member m) {
        // pahole notes it for "struct x" members only, not typedef'd ones or arrays
        if (m.nested() == null || !(m.type().equals("struct") || m.type().startsWith("struct ")) || m.type().endsWith("]")) return 0;
        return holes(m.nested()).padding();
    }

    // ---- pahole ---------------------------------------------------------------------------

    /** What pahole reads from DWARF beyond offsets: user alignment, natural alignment, typedef'd bodies. */
    private record Ctx(Scope scope, Abi abi) {
        /** The alignment a member was forced to (aligned attribute on it or its type), else 0. */
        int forced(Member m) {
            if (scope == null) return 0;
            if (m.inlineBody()) {
                // pahole marks an inline body aligned when something inside it is
                Parser.Attr sa = scope.structAttr(m.nested());
                if (sa != null && sa.aligned > 0) return m.nested().align();
                for (Member in : m.nested().members()) if (forced(in) > 0) return m.nested().align();
                return 0;
            }
            Parser.Attr a = scope.memberAttr(m);
            if (a != null && a.aligned > 0) return m.align();
            CType t = scope.memberType(m);
            while (t instanceof CType.Qual q) t = q.t();
            for (CType u = t; u instanceof CType.Named || u instanceof CType.Qual; ) { // typedefs of an aligned typedef too
                if (u instanceof CType.Named n) {
                    if (n.align() > 0) return n.align();
                    u = n.target();
                } else {
                    u = ((CType.Qual) u).t();
                }
            }
            CType st = t == null ? null : Types.strip(t);
            if (st instanceof CType.Rec r && r.def().layout != null) {
                Parser.Attr sa = scope.structAttr(r.def().layout);
                if (sa != null && sa.aligned > 0) return r.def().layout.align();
                // a struct or union type with a forced member inside is forced where it is used (as pahole infers it)
                if (m.align() > abi.wordSize()) for (Member in : r.def().layout.members()) if (forced(in) > 0) return m.align();
            }
            return 0;
        }

        /** Alignment of the member's type without packing: pahole infers packed structs from it. */
        int natural(Member m) {
            CType t = scope == null ? null : scope.memberType(m);
            return t == null ? m.align() : Types.align(t, abi);
        }

        String closingAttr(StructLayout s) {
            if (scope == null) return "";
            int maxNatural = 1;
            boolean misaligned = false;
            boolean anyForced = false;
            for (Member m : s.members()) {
                int f = forced(m);
                anyForced |= f > 0;
                int n = natural(m);
                maxNatural = Math.max(maxNatural, n);
                if (!m.bitfield() && f == 0 && n > 0 && m.offset() % n != 0) misaligned = true;
            }
            if (!s.union() && (misaligned || (maxNatural > 0 && s.size() % maxNatural != 0))) return " __attribute__((__packed__))";
            Parser.Attr sa = scope.structAttr(s);
            if (anyForced || (sa != null && sa.aligned > 0)) return " __attribute__((__aligned__(" + s.align() + ")))";
            return "";
        }

        boolean typedefAnon(StructLayout s) {
            return scope != null && scope.isTypedefAnon(s);
        }
    }

    /** pahole -C output without attribute inference (no header at hand). */
    public static String pahole(StructLayout s) {
        return pahole(null, s);
    }

    /**
     * The struct as {@code pahole -C NAME} prints it (pahole 1.24 format, offsets absolute),
     * with the attributes pahole infers ({@code __aligned__}, {@code __packed__}) when
     * {@code h} (the header it came from) is given.
     */
    public static String pahole(CHeader h, StructLayout s) {
        Ctx ctx = new Ctx(h == null ? null : h.scope(), h == null ? Abi.LP64 : h.abi());
        StringBuilder b = new StringBuilder();
        boolean td = ctx.typedefAnon(s);
        b.append(td ? "typedef " : "").append(s.union() ? "union " : "struct ")
            .append(s.name() == null || td ? "" : s.name() + " ").append("{\n");
        int total = TYPE_SPACING + (s.union() ? 21 : 23);
        int[] cacheline = {0};
        body(ctx, b, s, 0, 1, total, cacheline);
        if (!s.union()) footer(ctx, b, s);
        b.append("}").append(ctx.closingAttr(s)).append(td ? " " + s.name() : "").append(";\n");
        return b.toString();
    }

    private static void body(Ctx ctx, StringBuilder b, StructLayout s, long base, int depth, int total, int[] cacheline) {
        String tabs = "\t".repeat(depth);
        // pahole's printf("%-*s") with a negative width pads to its absolute value
        int typeW = Math.abs(TYPE_SPACING - 8 * (depth - 1));
        int lineW = total - 8 * (depth - 1);
        Holes h = holes(s);
        List<Member> ms = s.members();
        for (int k = 0; k < ms.size(); k++) {
            Member m = ms.get(k);
            long off = base + m.offset();
            Member prev = k > 0 ? ms.get(k - 1) : null;
            if (m.bitfield() && prev != null
                    && (prev.bitfield() ? m.offset() < prev.offset() : m.offset() < prev.offset() + prev.size())) {
                b.append('\n').append(tabs).append("/* Bitfield combined with previous fields */\n\n");
            }
            long line = off / CACHELINE;
            if (line > cacheline[0]) {
                long pos = off % CACHELINE;
                b.append(tabs).append("/* --- cacheline ").append(line).append(" boundary (").append(line * CACHELINE).append(" bytes)");
                if (pos != 0) b.append(" was ").append(pos).append(" bytes ago");
                b.append(" --- */\n");
                cacheline[0] = (int) line;
            }
            // "/* %5u:%2u %2u */" and "/* %5u %5u */" as pahole prints them (no Formatter: it is slow to start)
            String comment = m.bitfield()
                ? "/* " + right(off, 5) + ":" + right(m.bitOffset(), 2) + " " + right(m.size(), 2) + " */"
                : "/* " + right(off, 5) + " " + right(m.size(), 5) + " */";
            int forced = ctx.forced(m);
            String attr = forced > 0 ? " __attribute__((__aligned__(" + forced + ")))" : "";
            if (m.inlineBody()) {
                b.append(tabs).append(m.type()).append(" {\n");
                body(ctx, b, m.nested(), off, depth + 1, total, cacheline);
                // pahole prints a forced inline struct's own alignment before the name, then the member's
                String typeAttr = forced > 0 && !m.nested().union() ? attr : "";
                String close = "}" + typeAttr + (m.name() == null ? "" : " " + m.name()) + attr + ";";
                // pahole does not count the type's attribute for the comment column; past the column,
                // an attributed close gets two spaces (seen with pahole 1.24 on gcc 12's DWARF)
                int n = lineW - (close.length() - typeAttr.length());
                String gap = n >= 1 ? spaces(n) : attr.isEmpty() ? " " : "  ";
                b.append(tabs).append(close).append(gap).append(comment).append('\n');
            } else {
                String[] decl = Types.declare(m.type(), (m.name() == null ? "" : m.name()) + (m.bitfield() ? ":" + m.bitWidth() : ""));
                String text = typeColumn(decl[0], TYPE_SPACING - 8 * (depth - 1)) + " " + decl[1] + attr + ";";
                b.append(tabs).append(text).append(spaces(lineW - text.length())).append(comment).append('\n');
            }
            List<String> notes = new ArrayList<>();
            long tp = s.union() || m.name() == null ? 0 : typePadding(m);
            if (tp > 0) notes.add("/* XXX last struct has " + tp + " byte" + (tp == 1 ? "" : "s") + " of padding */");
            if (h.bitHole()[k] > 0) notes.add("/* XXX " + h.bitHole()[k] + " bit" + (h.bitHole()[k] == 1 ? "" : "s") + " hole, try to pack */");
            if (h.byteHole()[k] > 0) notes.add("/* XXX " + h.byteHole()[k] + " byte" + (h.byteHole()[k] == 1 ? "" : "s") + " hole, try to pack */");
            Member next = k + 1 < ms.size() ? ms.get(k + 1) : null;
            boolean combinedNext = !s.union() && m.bitfield() && next != null && next.offset() > m.offset()
                && next.offset() < m.offset() + m.size();
            // a bitfield that starts a fresh unit after a bit hole: pahole shows the :0 gcc would need
            boolean force = !s.union() && next != null && next.bitfield() && m.bitfield() && next.bitOffset() == 0
                && next.offset() != m.offset() && h.bitHole()[k] > 0;
            // a bit hole inside one unit between bitfields: pahole shows it as an unnamed bitfield
            boolean unnamed = !s.union() && next != null && next.bitfield() && m.bitfield() && next.offset() == m.offset()
                && h.bitHole()[k] > 0;
            if (!force && combinedNext) notes.add("/* Bitfield combined with next fields */");
            boolean last = next == null && depth == 1;
            if (!notes.isEmpty()) {
                b.append('\n');
                for (String n : notes) b.append(tabs).append(n).append('\n');
                if (unnamed) b.append(tabs).append(pad(m.type(), typeW)).append(" :").append(h.bitHole()[k]).append(";\n");
                if (!last) b.append('\n');
            }
            if (force) {
                b.append(tabs).append("/* Force alignment to the next boundary: */\n");
                b.append(tabs).append(pad(next.type(), typeW)).append(" :0;\n");
                if (combinedNext) b.append(tabs).append("/* Bitfield combined with next fields */\n");
                b.append('\n');
            }
        }
    }

    /** pahole pads the tag of a "struct x" type apart from its keyword, which shows once the width runs negative. */
    private static String typeColumn(String type, int spacing) {
        int sp = type.indexOf(' ');
        if (sp > 0 && type.indexOf(' ', sp + 1) < 0 && (type.startsWith("struct ") || type.startsWith("union ") || type.startsWith("enum "))) {
            return type.substring(0, sp + 1) + pad(type.substring(sp + 1), Math.abs(spacing - (sp + 1)));
        }
        return pad(type, Math.abs(spacing));
    }

    private static void footer(Ctx ctx, StringBuilder b, StructLayout s) {
        Holes h = holes(s);
        long sum = 0;
        long sumHoles = 0;
        long sumBits = 0;
        long sumBitHoles = 0;
        int paddings = 0;
        long sumPaddings = 0;
        for (int k = 0; k < s.members().size(); k++) {
            Member m = s.members().get(k);
            if (m.bitfield()) sumBits += m.bitWidth();
            else sum += m.size();
            sumHoles += h.byteHole()[k];
            sumBitHoles += h.bitHole()[k];
            long tp = m.name() == null ? 0 : typePadding(m);
            if (tp > 0) {
                paddings++;
                sumPaddings += tp;
            }
        }
        if (!s.members().isEmpty()) b.append('\n');
        b.append("\t/* size: ").append(s.size()).append(", cachelines: ").append((s.size() + CACHELINE - 1) / CACHELINE)
            .append(", members: ").append(s.members().size()).append(" */\n");
        if (sumHoles > 0) {
            b.append("\t/* sum members: ").append(sum).append(", holes: ").append(h.holes()).append(", sum holes: ").append(sumHoles).append(" */\n");
        } else if (sum > 0 && sumBitHoles > 0) {
            b.append("\t/* sum members: ").append(sum).append(" */\n");
        }
        if (sumBitHoles > 0) {
            b.append("\t/* sum bitfield members: ").append(sumBits).append(" bits, bit holes: ").append(h.bitHoles())
                .append(", sum bit holes: ").append(sumBitHoles).append(" bits */\n");
        }
        if (h.padding() > 0) b.append("\t/* padding: ").append(h.padding()).append(" */\n");
        if (paddings > 0) b.append("\t/* paddings: ").append(paddings).append(", sum paddings: ").append(sumPaddings).append(" */\n");
        if (h.bitPadding() > 0) b.append("\t/* bit_padding: ").append(h.bitPadding()).append(" bits */\n");
        int forced = 0;
        int forcedHoles = 0;
        long sumForcedHoles = 0;
        for (int k = 0; k < s.members().size(); k++) {
            if (ctx.forced(s.members().get(k)) > 0) {
                forced++;
                if (k > 0 && h.byteHole()[k - 1] > 0) {
                    forcedHoles++;
                    sumForcedHoles += h.byteHole()[k - 1];
                }
            }
        }
        if (forced > 0) {
            b.append("\t/* forced alignments: ").append(forced);
            if (forcedHoles > 0) b.append(", forced holes: ").append(forcedHoles).append(", sum forced holes: ").append(sumForcedHoles);
            b.append(" */\n");
        }
        long last = s.size() % CACHELINE;
        if (last != 0) b.append("\t/* last cacheline: ").append(last).append(" bytes */\n");
    }

    private static String right(long v, int w) {
        String t = Long.toString(v);
        return t.length() >= w ? t : " ".repeat(w - t.length()) + t;
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + spaces(w - s.length());
    }

    private static String spaces(int n) {
        return " ".repeat(Math.max(1, n));
    }

    // ---- table ----------------------------------------------------------------------------

    /** A readable table: offset, size, member (nested members indented), type, and the holes. */
    public static String table(StructLayout s) {
        StringBuilder b = new StringBuilder();
        Holes h = holes(s);
        long sumHoles = 0;
        for (long x : h.byteHole()) sumHoles += x;
        b.append(s.union() ? "union " : "struct ").append(s.name()).append(": size ").append(s.size())
            .append(", align ").append(s.align()).append(", ").append((s.size() + CACHELINE - 1) / CACHELINE)
            .append(s.size() > CACHELINE ? " cachelines" : " cacheline");
        if (sumHoles > 0) b.append(", ").append(sumHoles).append(" bytes in holes");
        if (h.padding() > 0) b.append(", ").append(h.padding()).append(" bytes padding");
        b.append('\n');
        // the member column as wide as this struct's names (at most 36), so the type has room in 80 columns
        int nw = Math.min(36, Math.max("(padding)".length(), nameWidth(s, 0)));
        String head = "%8s %5s  %-" + nw + "s %s%n", hole = "%8d %5d  %-" + nw + "s%n";
        b.append(String.format(head, "offset", "size", "member", "type"));
        rows(b, s, 0, 0, head.replace("%5s", "%5d"), hole);
        if (h.padding() > 0) b.append(String.format(hole, s.size() - h.padding(), h.padding(), "(padding)").replaceAll(" +\n$", "\n"));
        return b.toString();
    }

    private static String memberName(Member m, String ind) {
        return ind + (m.name() == null ? "(anonymous " + m.type() + ")" : m.name() + (m.bitfield() ? ":" + m.bitWidth() : ""));
    }

    private static int nameWidth(StructLayout s, int depth) {
        int w = 0;
        for (Member m : s.members()) {
            w = Math.max(w, memberName(m, "  ".repeat(depth)).length());
            if (m.inlineBody()) w = Math.max(w, nameWidth(m.nested(), depth + 1));
        }
        return w;
    }

    private static void rows(StringBuilder b, StructLayout s, long base, int depth, String row, String holeRow) {
        Holes h = holes(s);
        String ind = "  ".repeat(depth);
        for (int k = 0; k < s.members().size(); k++) {
            Member m = s.members().get(k);
            long off = base + m.offset();
            String where = m.bitfield() ? off + ":" + m.bitOffset() : Long.toString(off);
            String name = memberName(m, ind);
            b.append(String.format(row, where, m.size(), name, m.inlineBody() ? "" : m.type()).replaceAll(" +\n$", "\n"));
            if (m.inlineBody()) rows(b, m.nested(), off, depth + 1, row, holeRow);
            long hole = h.byteHole()[k];
            if (hole > 0) {
                long end = off + m.size() + (m.bitfield() ? 0 : 0);
                b.append(String.format(holeRow, end, hole, ind + "(hole)").replaceAll(" +\n$", "\n"));
            }
        }
    }

    // ---- JSON -----------------------------------------------------------------------------

    /** Jackson lives here so that pahole/table callers neither load nor link it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        static String write(Object o) {
            try {
                return MAPPER.writeValueAsString(o) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** JSON array of structs: name, union, size, align, line, column, holes, padding, members (nested inline). */
    public static String json(List<StructLayout> structs) {
        List<Object> out = new ArrayList<>();
        for (StructLayout s : structs) out.add(jsonStruct(s));
        return Json.write(out);
    }

    private static Map<String, Object> jsonStruct(StructLayout s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Holes h = holes(s);
        m.put("name", s.name());
        m.put("union", s.union());
        m.put("size", s.size());
        m.put("align", s.align());
        if (s.line() > 0) {
            m.put("line", s.line());
            m.put("column", s.column());
        }
        long sum = 0;
        for (long x : h.byteHole()) sum += x;
        m.put("holeBytes", sum);
        m.put("padding", h.padding());
        List<Object> members = new ArrayList<>();
        for (int k = 0; k < s.members().size(); k++) {
            Member mb = s.members().get(k);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", mb.name());
            j.put("type", mb.type());
            j.put("offset", mb.offset());
            j.put("size", mb.size());
            j.put("align", mb.align());
            if (mb.bitfield()) {
                j.put("bitOffset", mb.bitOffset());
                j.put("bitWidth", mb.bitWidth());
            }
            if (h.byteHole()[k] > 0) j.put("holeAfter", h.byteHole()[k]);
            if (h.bitHole()[k] > 0) j.put("bitHoleAfter", h.bitHole()[k]);
            if (mb.inlineBody()) j.put("body", jsonStruct(mb.nested()));
            members.add(j);
        }
        m.put("members", members);
        return m;
    }

    // ---- reorganize -----------------------------------------------------------------------

    /**
     * Reorders the top-level members of a struct by falling alignment (then size), keeping each
     * run of adjacent bitfields together, and lays the new order out again with the engine (so
     * bitfields and aligned members land where gcc puts them). Nested bodies keep their order.
     * Sorting by alignment leaves no hole between members whose size is a multiple of their
     * alignment; pahole -R instead moves members into holes one at a time, so results can differ.
     * Returns {@code s} itself when no order is smaller, for unions and for packed structs.
     * {@code h} resolves the member types (null: the built-in prelude).
     */
    public static StructLayout reorganize(CHeader h, StructLayout s) {
        if (s.union() || s.members().size() < 2) return s;
        record Block(List<Member> ms, long bytes, int align, int index) { }
        List<Block> blocks = new ArrayList<>();
        List<Member> ms = s.members();
        boolean packed = false;
        for (Member m : ms) packed |= !m.bitfield() && m.align() == 1 && m.size() > 1 && !m.type().endsWith("]");
        if (packed) return s;
        for (int k = 0; k < ms.size(); ) {
            Member m = ms.get(k);
            if (!m.bitfield()) {
                blocks.add(new Block(List.of(m), m.size(), m.align(), blocks.size()));
                k++;
                continue;
            }
            int e = k;
            long startBit = m.offset() * 8 + m.bitOffset();
            long endBit = startBit;
            int align = m.align();
            while (e < ms.size() && ms.get(e).bitfield()) {
                Member b = ms.get(e);
                endBit = Math.max(endBit, b.offset() * 8 + b.bitOffset() + b.bitWidth());
                align = Math.max(align, b.align());
                e++;
            }
            blocks.add(new Block(List.copyOf(ms.subList(k, e)), (endBit - startBit + 7) / 8, align, blocks.size()));
            k = e;
        }
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt((Block x) -> -x.align()).thenComparingLong(x -> -x.bytes()).thenComparingInt(Block::index));
        StringBuilder c = new StringBuilder("struct ").append(s.name() == null ? "__anon" : s.name()).append(" {\n");
        for (Block bl : sorted) for (Member m : bl.ms()) declare(c, m, 1);
        c.append("}");
        if (s.align() > 1) c.append(" __attribute__((__aligned__(").append(s.align()).append(")))");
        c.append(";\n");
        try {
            CHeader again = CHeader.parse("<reorganized " + s.name() + ">", c.toString(), h == null ? Abi.LP64 : h.abi(), Map.of(), h);
            StructLayout r = again.structs().get(0);
            if (r.size() >= s.size()) return s;
            return new StructLayout(s.name(), false, r.size(), r.align(), r.members(), s.line(), s.column());
        } catch (memdesc.steps.InputException e) {
            return s; // a member type the text form cannot express (e.g. an inline anonymous enum)
        }
    }

    /** A member as C source, with its alignment kept by an attribute. */
    private static void declare(StringBuilder c, Member m, int depth) {
        String tabs = "\t".repeat(depth);
        String name = m.name() == null ? "" : m.name();
        if (m.inlineBody()) {
            c.append(tabs).append(m.type()).append(" {\n");
            for (Member in : m.nested().members()) declare(c, in, depth + 1);
            c.append(tabs).append("}").append(name.isEmpty() ? "" : " " + name);
        } else {
            String[] d = Types.declare(m.type(), name);
            c.append(tabs).append(d[0]).append(' ').append(d[1]);
        }
        if (m.bitfield()) c.append(':').append(m.bitWidth());
        else if (m.align() > 1) c.append(" __attribute__((__aligned__(").append(m.align()).append(")))");
        c.append(";\n");
    }

    /** pahole -R style output: the reorganized struct, then what it saves. */
    public static String reorganizeText(CHeader h, StructLayout s) {
        StructLayout r = reorganize(h, s);
        StringBuilder b = new StringBuilder(pahole(h, r));
        long saved = s.size() - r.size();
        long lines = (s.size() + CACHELINE - 1) / CACHELINE - (r.size() + CACHELINE - 1) / CACHELINE;
        if (saved > 0) {
            b.append("   /* saved ").append(saved).append(" byte").append(saved == 1 ? "" : "s");
            if (lines > 0) b.append(" and ").append(lines).append(" cacheline").append(lines == 1 ? "" : "s");
            b.append("! */\n");
        } else {
            b.append("   /* nothing to save: no reordering of the top-level members makes struct ")
                .append(s.name()).append(" smaller than ").append(s.size()).append(" bytes */\n");
        }
        return b.toString();
    }
}
