package memdesc.cost;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What an allocation of physical memory is used for, and which memory descriptor (if any) the
 * memdesc plan gives it once descriptors are allocated separately.
 */
public enum AllocKind {
    FILE("file", "folio"),
    ANON("anon", "folio"),
    SLAB("slab", "slab"),
    PAGE_TABLE("pagetable", "ptdesc"),
    ZSMALLOC("zsmalloc", "zpdesc"),
    PAGE_POOL("pagepool", "bump"),
    /** Free memory: described by the buddy descriptor, which lives in the free block itself. */
    BUDDY_FREE("buddy", null),
    /** Plain alloc_pages, vmalloc, reserved, the zero page…: memdesc type Misc, no descriptor. */
    KERNEL_OTHER("kernel", null);

    private final String key;
    private final String descriptorKind;

    AllocKind(String key, String descriptorKind) {
        this.key = key;
        this.descriptorKind = descriptorKind;
    }

    /** The name used in mix files and reports. */
    public String key() { return key; }

    /** The descriptor kind ({@link Descriptor#kind()}) an allocation of this kind gets, or null. */
    public String descriptorKind() { return descriptorKind; }

    /** The kind with this key, or null. */
    public static AllocKind byKey(String key) {
        for (AllocKind k : values()) if (k.key.equals(key)) return k;
        return null;
    }

    static String keys() {
        return Arrays.stream(values()).map(AllocKind::key).collect(Collectors.joining(", "));
    }
}
