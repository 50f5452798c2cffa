package memdesc.layout;

import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import memdesc.steps.StructDef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built-in roadmap's baseline structs (our statement of v6.12) as C sources, for the layout tests. */
final class Baseline {
    /** The baseline's default config: x86_64 with memcg (roadmap.yaml baseline.config). */
    static final Map<String, String> X86_64_CONFIG = Map.of(
        "CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1", "CONFIG_HAVE_ALIGNED_STRUCT_PAGE", "1",
        "CONFIG_SLUB_CPU_PARTIAL", "1");

    private Baseline() {}

    static State state() {
        return RoadmapLoader.bundled().baseline();
    }

    /** (struct name, C text) in roadmap order; a text may use the types of those before it. */
    static List<Map.Entry<String, String>> sources() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (StructDef d : state().structs().values()) out.add(Map.entry(d.name(), d.c()));
        return out;
    }

    static CHeader header(Abi abi, Map<String, String> config) {
        return CHeader.parseAll(sources(), abi, config);
    }

    /** One C file gcc can compile: the config as #defines, the prelude, then every baseline text. */
    static String cFile(Map<String, String> config) {
        StringBuilder c = new StringBuilder();
        config.forEach((k, v) -> c.append("#define ").append(k).append(' ').append(v).append('\n'));
        c.append(CHeader.preludeSource());
        for (var e : sources()) c.append("\n/* ").append(e.getKey()).append(" */\n").append(e.getValue());
        return c.toString();
    }
}
