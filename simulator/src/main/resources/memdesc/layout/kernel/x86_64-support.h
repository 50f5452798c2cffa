/*
 * Stand-ins for the few macros from other kernel headers that mm_types.h and slab.h use
 * (asm/cmpxchg_64.h, linux/align.h, generated/bounds.h, mm_types_task.h), so the engine
 * and gcc see the same C.
 * IS_ALIGNED drops the kernel's typeof() cast, which the engine does not evaluate.
 */
#ifdef CONFIG_X86_64
#define system_has_cmpxchg128() 1
#endif
#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#define SPINLOCK_SIZE 4
#define ALLOC_SPLIT_PTLOCKS	(SPINLOCK_SIZE > BITS_PER_LONG/8)
