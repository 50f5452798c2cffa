package memdesc.report;

import memdesc.delta.StructDelta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A struct as a picture of its bytes: one row per 8-byte word, one box per member, members that share
 * bytes (union alternatives) stacked in lanes within the row, bytes no member covers hatched, and a
 * rule at every 64-byte cache line. A member's colour comes from its name alone, so the same member has
 * the same colour in every state and a reader can follow it as it moves.
 */
final class ByteMap {
    private ByteMap() {}

    static final int WORD = 8;
    static final double BYTE_W = 52, LANE_H = 17, ROW_GAP = 5, LEFT = 46, TOP = 22;

    /** One member's box, for tests: which row and lane it was drawn in. */
    record Box(String path, int row, int lane, long from, long to) {}

    /** The boxes of a struct's members, row by row, in lanes. */
    static List<List<Box>> rows(long size, List<StructDelta.Item> items) {
        int nrows = (int) Math.max(1, (Math.min(size, 4096) + WORD - 1) / WORD);
        List<List<Box>> rows = new ArrayList<>();
        List<StructDelta.Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(StructDelta.Item::offset).thenComparing(i -> -i.size()));
        for (int r = 0; r < nrows; r++) {
            long lo = (long) r * WORD, hi = lo + WORD;
            List<Box> row = new ArrayList<>();
            List<Long> laneEnd = new ArrayList<>();
            for (StructDelta.Item i : sorted) {
                long a = Math.max(lo, first(i)), z = Math.min(hi, end(i));
                if (a >= z) continue;
                int lane = 0;
                while (lane < laneEnd.size() && laneEnd.get(lane) > a) lane++;
                if (lane == laneEnd.size()) laneEnd.add(z);
                else laneEnd.set(lane, z);
                row.add(new Box(i.path(), r, lane, a, z));
            }
            rows.add(row);
        }
        return rows;
    }

    static String svg(String struct, long size, List<StructDelta.Item> items, String caption) {
        List<List<Box>> rows = rows(size, items);
        double[] y = new double[rows.size() + 1];
        y[0] = TOP;
        for (int r = 0; r < rows.size(); r++) {
            int lanes = rows.get(r).stream().mapToInt(b -> b.lane() + 1).max().orElse(1);
            y[r + 1] = y[r] + lanes * LANE_H + ROW_GAP;
        }
        double width = LEFT + WORD * BYTE_W + 8;
        Svg s = new Svg(width, y[rows.size()] + 6, "struct " + struct + ", " + size + " bytes: " + caption);
        s.text(LEFT, 14, "struct " + struct + " (" + size + " bytes)", "start", 12, "font-weight=bold", 0);
        for (int r = 0; r < rows.size(); r++) {
            double rowH = y[r + 1] - y[r] - ROW_GAP;
            long lo = (long) r * WORD;
            s.text(LEFT - 6, y[r] + 12, Long.toString(lo), "end", 10, "fill=#555", 0);
            // the word's bytes as a faint grid; uncovered bytes hatched over it
            s.rect(LEFT, y[r], WORD * BYTE_W, rowH, "#fafafa", "stroke=#ccc;stroke-width=0.5");
            for (long byteAt = lo; byteAt < Math.min(lo + WORD, size); byteAt++)
                if (!covered(rows.get(r), byteAt))
                    s.rect(LEFT + (byteAt - lo) * BYTE_W, y[r], BYTE_W, rowH, "#e4e4e4",
                            "stroke=#999;stroke-dasharray=3,2;stroke-width=0.7;class=hole", "byte " + byteAt + ": no member (hole or padding)");
            for (Box b : rows.get(r)) {
                StructDelta.Item it = items.stream().filter(i -> i.path().equals(b.path())).findFirst().orElseThrow();
                double x = LEFT + (b.from() - lo) * BYTE_W;
                double w = (b.to() - b.from()) * BYTE_W;
                double top = y[r] + b.lane() * LANE_H;
                s.rect(x + 0.5, top + 0.5, w - 1, LANE_H - 1, colour(b.path()), "stroke=#444;stroke-width=0.6;rx=2;class=member",
                        it.path() + ": " + it.type() + ", offset " + it.offset() + ", size " + it.size()
                                + (it.bitfield() ? ", bits " + it.bitOffset() + ".." + (it.bitOffset() + it.bitWidth() - 1) : ""));
                boolean firstPart = b.from() == Math.max((long) r * WORD, first(it));
                String label = fit((firstPart ? "" : "\u2026") + b.path(), (int) (w / 6.2));
                if (!label.isEmpty()) s.text(x + 3, top + 12, label, "start", 10, "fill=#111", 0);
            }
            if (lo > 0 && lo % 64 == 0) {
                s.line(LEFT - 40, y[r] - ROW_GAP / 2, width - 4, y[r] - ROW_GAP / 2, "#c0392b", 1.5, "stroke-dasharray=6,3");
                s.text(width - 6, y[r] - ROW_GAP / 2 - 2, "cache line " + (lo / 64), "end", 9, "fill=#c0392b", 0);
            }
        }
        return s.toString();
    }

    private static boolean covered(List<Box> row, long byteAt) {
        for (Box b : row) if (b.from() <= byteAt && byteAt < b.to()) return true;
        return false;
    }

    private static long first(StructDelta.Item i) {
        return i.firstByte();
    }

    /** A zero-size member (a flexible array) still gets a one-byte sliver, so it can be seen. */
    private static long end(StructDelta.Item i) {
        return Math.max(i.endByte(), i.firstByte() + 1);
    }

    /** A pastel colour from the member's name only (FNV-1a), so it is the same in every state. */
    static String colour(String path) {
        int h = 0x811c9dc5;
        for (int k = 0; k < path.length(); k++) {
            h ^= path.charAt(k);
            h *= 0x01000193;
        }
        int hue = Math.floorMod(h, 360);
        return "hsl(" + hue + ",62%,78%)";
    }

    private static String fit(String s, int chars) {
        if (chars <= 1) return "";
        return s.length() <= chars ? s : s.substring(0, Math.max(1, chars - 1)) + "\u2026";
    }
}
