package memdesc.steps;

import java.util.Map;
import java.util.TreeMap;

/**
 * A struct as C source text, exactly as a kernel header would have it, with the position of the text in
 * the roadmap so layout errors point into roadmap.yaml: {@code loc} is where C line 1, column 1 lies (for
 * a literal block {@code c: |} the line after the indicator, at the block's indentation; for a one-line
 * string its first character). The loader accepts C text only as a literal block or a one-line string, so
 * the mapping of {@link #locate} is exact. {@code hidden} maps members that a step removed to the change that did:
 * the kernel renames such a member ({@code index} became {@code __folio_index}) so the compiler finds the
 * remaining users; its bytes stay until the struct is redefined.
 */
public record StructDef(String name, String c, Loc loc, Map<String, Loc> hidden) {
    public StructDef {
        hidden = java.util.Collections.unmodifiableMap(new TreeMap<>(hidden));
    }

    public StructDef(String name, String c, Loc loc) {
        this(name, c, loc, Map.of());
    }

    /**
     * Where C line {@code cLine}, column {@code cCol} (both 1-based, as a C parser counts them in
     * {@link #c()}) lies in the roadmap: line {@code loc.line + cLine - 1}, column
     * {@code loc.column + cCol - 1} (a block's indentation is stripped from every line alike). A tab counts
     * as one column, as gcc counts it by default.
     */
    public Loc locate(int cLine, int cCol) {
        if (loc == null || loc.line() <= 0) return loc;
        return new Loc(loc.file(), loc.line() + Math.max(cLine, 1) - 1, loc.column() + Math.max(cCol, 1) - 1);
    }

    /** The same struct with {@code member} removed from users' reach, by the change at {@code where}. */
    public StructDef hide(String member, Loc where) {
        Map<String, Loc> h = new TreeMap<>(hidden);
        h.put(member, where);
        return new StructDef(name, c, loc, h);
    }
}
