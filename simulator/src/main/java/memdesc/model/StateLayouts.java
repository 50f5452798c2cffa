package memdesc.model;

import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.InputException;
import memdesc.steps.State;

import java.util.Map;
import java.util.Optional;

/**
 * A state's layouts as the C layout engine computes them (LP64, the state's config as defines, the
 * kernel-types prelude first, structs in roadmap order): the numbers the model lays memory out by.
 */
public final class StateLayouts implements Layouts {
    private final Map<String, StructLayout> structs;
    private final Map<String, Optional<FieldInfo>> memo = new java.util.concurrent.ConcurrentHashMap<>();   // two machines of a state share it

    private StateLayouts(Map<String, StructLayout> structs) {
        this.structs = structs;
    }

    /**
     * Lays out every struct of the state, as the build check does (the same memoized parses); a struct
     * that does not lay out fails the model run.
     */
    public static StateLayouts of(State state) {
        try {
            return new StateLayouts(memdesc.build.BuildCheck.layoutLp64(state));
        } catch (InputException e) {
            throw ModelFailure.of("the state does not lay out: " + e.getMessage());
        }
    }

    @Override public long sizeOf(String struct) {
        StructLayout l = structs.get(struct);
        if (l == null) throw ModelFailure.of("the state defines no struct " + struct);
        return l.size();
    }

    @Override public boolean has(String struct) {
        return structs.containsKey(struct);
    }

    @Override public Optional<FieldInfo> field(String struct, String path) {
        return memo.computeIfAbsent(struct + "." + path, k -> {
            StructLayout l = structs.get(struct);
            if (l == null) return Optional.empty();
            Optional<MemberRef> r = l.find(path);
            return r.map(x -> x.bitfield() ? new FieldInfo(x.offset(), x.size(), x.bitOffset(), x.bitWidth())
                    : new FieldInfo(x.offset(), x.size()));
        });
    }
}
