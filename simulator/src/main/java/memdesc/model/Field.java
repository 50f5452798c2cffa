package memdesc.model;

import memdesc.memory.PhysMem;

/**
 * A bound member: {@code struct.member} resolved once to an offset and size in the state's layout, for
 * one user. Users read and write kernel fields only through these. A member the state does not allow
 * (undeclared for the user, removed, absent from the layout) still yields a handle, but the first access
 * fails the run naming the user, the member and the PFN — so the failure is reported by the scenario
 * that really makes the access. Every access is recorded.
 */
public final class Field {
    final Binding owner;
    final String name;          // "page.lru"
    final String leaf;          // "lru" (first path component: what aliasing rules talk about)
    final long off;
    final int size;
    final int bitOff;
    final int bitWidth;
    final int id;               // shadow identity
    private final PhysMem mem;
    private final Machine m;
    private final String error; // non-null: the state does not allow this access
    // Allowed, no bitfield, no shadow: the access is one load or store. The fast paths below stay small
    // so that the JIT inlines them into every user; everything else goes through getOther/setOther.
    private final boolean plain;
    private final boolean plain8;           // plain and a whole word: get/set stay under the JIT's inline size
    // what this run did with the member (run --coverage shows it; check needs every declared one touched)
    boolean read, written;

    Field(Binding owner, String name, long off, int size, int bitOff, int bitWidth, int id, String error) {
        this.owner = owner;
        this.m = owner.machine;
        this.mem = m.mem;
        this.name = name;
        String path = name.substring(name.indexOf('.') + 1);
        int dot = path.indexOf('.');
        this.leaf = dot < 0 ? path : path.substring(0, dot);
        this.off = off;
        this.size = size;
        this.bitOff = bitOff;
        this.bitWidth = bitWidth;
        this.id = id;
        this.error = error;
        this.plain = error == null && bitWidth == 0 && m.shadow == null;
        this.plain8 = plain && size == 8;
    }

    /** Whether the run read or wrote the member through this handle. */
    boolean used() {
        return read || written;
    }

    public String name() {
        return name;
    }

    /** Whether accessing this member is allowed in the state (else the first access fails). */
    public boolean ok() {
        return error == null;
    }

    public long offset() {
        return off;
    }

    public int size() {
        return size;
    }

    public int bitWidth() {
        return bitWidth;
    }

    /**
     * Whether every access is one plain 8-byte load or store: allowed, no bitfield, no type-confusion
     * shadow. A user that links many such words at once (the buddy lists) may then load and store them
     * itself at {@code base + offset()}, recording the access with {@link #touch()}.
     */
    public boolean plainWord() {
        return plain8;
    }

    /** Records an access made through {@link #plainWord()}. */
    public void touch() {
        read = written = true;
    }

    /** {@code &base->member}. Counts as an access (taking the address is a use of the member). */
    public long addr(long base) {
        if (error != null) fail(base);
        read = written = true;
        return base + off;
    }

    /** Reads the member (zero-extended; bitfields extracted). */
    public long get(long base) {
        if (plain8) {
            read = true;
            return mem.read64(base + off);
        }
        return getOther(base);
    }

    private long getOther(long base) {
        if (plain) {
            read = true;
            return mem.readSmall(base + off, size);
        }
        if (error != null) fail(base);
        read = true;
        long a = base + off;
        if (m.shadow != null) m.shadow.read(a, size, this);
        long v = size == 8 ? mem.read64(a) : mem.read(a, size);
        if (bitWidth != 0) v = (v >>> bitOff) & ((1L << bitWidth) - 1);
        return v;
    }

    /** Reads a signed 32-bit member (atomic_t, int). */
    public int getInt(long base) {
        return (int) get(base);
    }

    public void set(long base, long v) {
        if (plain8) {
            written = true;
            mem.write64(base + off, v);
            return;
        }
        setOther(base, v);
    }

    private void setOther(long base, long v) {
        if (plain) {
            written = true;
            mem.writeSmall(base + off, size, v);
            return;
        }
        if (error != null) fail(base);
        written = true;
        long a = base + off;
        if (m.shadow != null) m.shadow.write(a, size, this);
        if (bitWidth != 0) {
            long mask = ((1L << bitWidth) - 1) << bitOff;
            long w = size == 8 ? mem.read64(a) : mem.read(a, size);
            v = (w & ~mask) | ((v << bitOff) & mask);
        }
        if (size == 8) mem.write64(a, v);
        else mem.write(a, size, v);
    }

    /** The second word of a two-word member (list_head.prev, rcu_head.func). */
    public long get2(long base) {
        if (plain) {
            read = true;
            return mem.read64(base + off + 8);
        }
        if (error != null) fail(base);
        read = true;
        long a = base + off + 8;
        if (m.shadow != null) m.shadow.read(a, 8, this);
        return mem.read64(a);
    }

    public void set2(long base, long v) {
        if (plain) {
            written = true;
            mem.write64(base + off + 8, v);
            return;
        }
        if (error != null) fail(base);
        written = true;
        long a = base + off + 8;
        if (m.shadow != null) m.shadow.write(a, 8, this);
        mem.write64(a, v);
    }

    public long add(long base, long delta) {
        long v = get(base) + delta;
        set(base, v);
        return v;
    }

    public int addInt(long base, int delta) {
        int v = getInt(base) + delta;
        set(base, v & 0xffffffffL);
        return v;
    }

    private void fail(long base) {
        throw new ModelFailure(owner.user, name, m.pfnOfAddress(base), error);
    }

    @Override public String toString() {
        return owner.user + ":" + name + "@" + off + "/" + size;
    }
}
