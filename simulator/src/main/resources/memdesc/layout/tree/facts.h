/*
 * Facts of our own that --kernel uses where a kernel tree cannot tell: the values the build
 * generates (include/generated/bounds.h is made by compiling kernel/bounds.c), and types whose
 * definitions sit behind headers this reading does not follow. x86_64 (and i386), no lock
 * debugging. Every use is named in the output as a fact.
 */
#ifndef MEMDESC_TREE_FACTS
#define MEMDESC_TREE_FACTS
/* bounds.h: counts the build computes (values for the default configuration) */
#define NR_PAGEFLAGS 23
#define MAX_NR_ZONES 4
#define NR_CPUS_BITS 6
#define SPINLOCK_SIZE 4
#define LRU_GEN_WIDTH 0
#define __LRU_REFS_WIDTH 0
#define LRU_REFS_WIDTH 0
#endif
