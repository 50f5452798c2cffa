package memdesc.steps;

import java.util.Map;
import java.util.TreeMap;

/**
 * A struct as C source text, exactly as a kernel header would have it, with the position of the text in
 * the roadmap so layout errors point into roadmap.yaml. {@code hidden} maps members that a step removed to the change that did:
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

    /** The same struct with {@code member} removed from users' reach, by the change at {@code where}. */
    public StructDef hide(String member, Loc where) {
        Map<String, Loc> h = new TreeMap<>(hidden);
        h.put(member, where);
        return new StructDef(name, c, loc, h);
    }
}
