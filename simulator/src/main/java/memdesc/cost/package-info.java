/**
 * Memory accounting per roadmap state: the memmap (every frame pays sizeof(struct page)) plus
 * separately allocated memory descriptors (one slab object per allocation, rounded as a slab
 * cache rounds it), for a population of memory given as a synthetic {@link memdesc.cost.Mix}
 * or taken from a real machine ({@code memdesc.kpageflags}). States come in as plain
 * {@link memdesc.cost.StateShape}s built by the caller from computed layouts; nothing here
 * assumes a struct size. Entry point: {@link memdesc.cost.MemoryCost}.
 */
package memdesc.cost;
