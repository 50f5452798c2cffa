/**
 * Real machines: /proc/kpageflags (and /proc/kpagecount) dumps or the live files, streamed
 * through bounded buffers and classified PFN by PFN; compound runs give folio and slab orders.
 * "No flags" is its own class: free, offline and plain kernel pages all read as 0.
 * Entry point: {@link memdesc.kpageflags.KPageFlags}.
 */
package memdesc.kpageflags;
