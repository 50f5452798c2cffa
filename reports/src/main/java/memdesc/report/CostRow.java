package memdesc.report;

import java.util.List;

/**
 * One state's row of the cost table, as the report shows it. The accounting code produces its own
 * figures; the caller maps them into this record so the report does not depend on how they were measured.
 *
 * @param index           0 for the baseline, else the step number
 * @param stepId          "baseline" or the step id
 * @param structPageBytes sizeof(struct page) in this state
 * @param machines        one entry per machine size (16 GiB, 1 TiB, 16 TiB), in that order
 */
public record CostRow(int index, String stepId, long structPageBytes, List<MachineCost> machines) {
    public CostRow {
        machines = List.copyOf(machines);
    }

    /**
     * What the metadata costs on one machine.
     *
     * @param machine         its label, e.g. "16 GiB"
     * @param ramBytes        the machine's RAM
     * @param memmapBytes     the array of struct page
     * @param descriptorBytes separately allocated descriptors (folio, slab, ...)
     * @param totalBytes      memmap + descriptors
     * @param percent         total as a percentage of RAM
     * @param problem         why this state cannot run on this machine (e.g. a PFN field too narrow to
     *                        address its memory), the figures then meaningless; null when it can
     */
    public record MachineCost(String machine, long ramBytes, long memmapBytes, long descriptorBytes,
                              long totalBytes, double percent, String problem) {
        public MachineCost(String machine, long ramBytes, long memmapBytes, long descriptorBytes, long totalBytes,
                           double percent) {
            this(machine, ramBytes, memmapBytes, descriptorBytes, totalBytes, percent, null);
        }

        /** A state that cannot run on a machine of {@code ramBytes}, and why. */
        public static MachineCost impossible(String machine, long ramBytes, String problem) {
            return new MachineCost(machine, ramBytes, 0, 0, 0, 0, problem);
        }

        public boolean fits() {
            return problem == null;
        }
    }
}
