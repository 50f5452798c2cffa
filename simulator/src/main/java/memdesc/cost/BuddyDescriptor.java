package memdesc.cost;

/**
 * How the buddy allocator describes a free block in a state.
 * It lives in the free block itself (its memmap entry, or the free memory), so it adds no
 * bytes; what it can cost is reach: PFNs packed into {@code pfnBits}-bit fields can only name
 * 2^pfnBits frames, per machine, or per zone when they are zone-relative.
 *
 * @param bytes        size of the descriptor
 * @param pfnBits      width of the PFN fields; 0 = it holds pointers, no PFN limit
 * @param zoneRelative PFNs count from the start of the zone, so the limit is per zone
 */
public record BuddyDescriptor(long bytes, int pfnBits, boolean zoneRelative) {
    public BuddyDescriptor {
        if (bytes <= 0) throw new IllegalArgumentException("buddy descriptor size must be positive");
        if (pfnBits < 0 || pfnBits > 62) throw new IllegalArgumentException("pfnBits must be in 0..62, got " + pfnBits);
    }
}
