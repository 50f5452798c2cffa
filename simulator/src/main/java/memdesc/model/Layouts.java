package memdesc.model;

import java.util.Optional;

/**
 * The one place the model learns struct layouts: the state's computed layouts (the C layout engine) are
 * adapted to this. Everything the model writes is placed by these numbers.
 */
public interface Layouts {
    /** sizeof(struct name); throws {@link ModelFailure} if the state has no such struct. */
    long sizeOf(String struct);

    /** Whether the state defines this struct at all. */
    boolean has(String struct);

    /** A member by path ("lru", "buddy_list.next"), searching anonymous members transparently. */
    Optional<FieldInfo> field(String struct, String path);

    /**
     * Where a member lies. {@code bitWidth} is 0 for an ordinary member; for a bitfield the member is
     * {@code bitWidth} bits starting {@code bitOffset} bits into the {@code size}-byte unit at {@code offset}.
     */
    record FieldInfo(long offset, long size, int bitOffset, int bitWidth) {
        public FieldInfo(long offset, long size) {
            this(offset, size, 0, 0);
        }
    }
}
