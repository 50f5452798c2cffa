package memdesc.layout;

/** A member reached by a path ("lru.next") with its absolute offset in the outer struct. */
public record MemberRef(String path, String type, long offset, long size, int align, int bitOffset, int bitWidth) {
    public boolean bitfield() {
        return bitWidth >= 0;
    }
}
