package memdesc.layout;

/** The two data models the engine lays structs out for, with gcc's x86 rules. */
public enum Abi {
    /** x86_64: long and pointers are 8 bytes. */
    LP64(8),
    /** i386: long and pointers are 4 bytes; long long and double are 4-aligned inside structs. */
    ILP32(4);

    private final int word;

    Abi(int word) {
        this.word = word;
    }

    /** sizeof(long) == sizeof(void *). */
    public int wordSize() {
        return word;
    }

    /** gcc's largest object (PTRDIFF_MAX): bigger arrays and structs are refused, as gcc refuses them. */
    long maxObjectSize() {
        return this == LP64 ? Long.MAX_VALUE : Integer.MAX_VALUE;
    }

    /** gcc's largest alignment on ELF targets (2^28), for aligned(N) and _Alignas. */
    static final long MAX_ALIGN = 1L << 28;

    /** Alignment of an 8-byte scalar (long long, double) as a struct field. */
    int align8() {
        return this == LP64 ? 8 : 4;
    }
}
