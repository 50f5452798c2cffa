package memdesc.layout;

/**
 * One member of a struct or union as gcc lays it out. {@code offset} is relative to the
 * enclosing struct; for a bitfield it is the offset of its storage unit (as pahole shows it)
 * and {@code bitOffset} counts bits from that unit's start (little-endian).
 * {@code nested} is the body of a struct/union-typed member: the inline body of an anonymous
 * or tagless member (type text exactly "struct"/"union", see {@link #inlineBody()}), or the
 * layout of the named struct type it holds by value (so paths like "lru.next" resolve).
 */
public record Member(String name, String type, long offset, long size, int align,
                     int bitOffset, int bitWidth, StructLayout nested) {
    public boolean bitfield() {
        return bitWidth >= 0;
    }

    /** True when the member's struct/union body is written in place (pahole prints it inline). */
    public boolean inlineBody() {
        return nested != null && (type.equals("struct") || type.equals("union"));
    }
}
