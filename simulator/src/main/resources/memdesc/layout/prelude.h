/*
 * memdesc layout prelude: the kernel types struct headers use most, written as the x86
 * kernel defines them (include/linux/types.h, int-ll64.h, compiler_attributes.h,
 * spinlock_types*.h) for a configuration without lock debugging. A header may redefine
 * any of these names. phys_addr_t and dma_addr_t are 32-bit on ILP32 (i386 without PAE).
 */
#ifndef __KERNEL__
#define __KERNEL__ 1
#endif
#ifdef __LP64__
#define CONFIG_64BIT 1
#define CONFIG_X86_64 1
#define BITS_PER_LONG 64
#else
#define CONFIG_X86_32 1
#define BITS_PER_LONG 32
#endif
#define L1_CACHE_SHIFT 6
#define L1_CACHE_BYTES (1 << L1_CACHE_SHIFT)
#define SMP_CACHE_BYTES L1_CACHE_BYTES
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define NULL ((void *)0)
#define true 1
#define false 0

/*
 * IS_ENABLED(CONFIG_X) and friends (kconfig.h's job): 1 when the symbol is defined to 1 (or its _MODULE
 * twin is), else 0, usable in #if and in C. A symbol defined to 1 pastes into md_cfg_on_1, which expands
 * to "0," and so shifts a 1 into the second argument position; anything else leaves the 0 there.
 */
#define md_cfg_on_1 0,
#define md_cfg_second(a, b, ...) b
#define md_cfg_pick(junk_or_0_comma) md_cfg_second(junk_or_0_comma 1, 0)
#define md_cfg_paste(value) md_cfg_pick(md_cfg_on_##value)
#define md_cfg_on(value) md_cfg_paste(value)
#define md_cfg_any(a, b) md_cfg_any_(md_cfg_on_##a, b)
#define md_cfg_any_(junk_or_0_comma, b) md_cfg_second(junk_or_0_comma 1, b)
#define md_cfg_both(a, b) md_cfg_both_(md_cfg_on_##a, b)
#define md_cfg_both_(junk_or_0_comma, b) md_cfg_second(junk_or_0_comma b, 0)
#define md_cfg_or(a, b) md_cfg_or_(a, b)
#define md_cfg_or_(a, b) md_cfg_any(a, b)
#define md_cfg_and(a, b) md_cfg_and_(a, b)
#define md_cfg_and_(a, b) md_cfg_both(a, b)
#define IS_BUILTIN(option) md_cfg_on(option)
#define IS_MODULE(option) md_cfg_on(option##_MODULE)
#define IS_ENABLED(option) md_cfg_or(IS_BUILTIN(option), IS_MODULE(option))
#define IS_REACHABLE(option) md_cfg_or(IS_BUILTIN(option), md_cfg_and(IS_MODULE(option), md_cfg_on(MODULE)))

/* linux/stddef.h, build_bug.h */
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))

/* attributes and sparse annotations: layout-relevant ones expand, the rest vanish */
#define __aligned(x) __attribute__((__aligned__(x)))
#define __packed __attribute__((__packed__))
#define __aligned_largest __attribute__((__aligned__))
#define ____cacheline_aligned __attribute__((__aligned__(SMP_CACHE_BYTES)))
#define ____cacheline_aligned_in_smp ____cacheline_aligned
#define __cacheline_aligned ____cacheline_aligned
#define __cacheline_aligned_in_smp __cacheline_aligned
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __rcu
#define __percpu
#define __iomem
#define __user
#define __kernel
#define __force
#define __bitwise
#define __private
#define __safe
#define __nocast
#define __must_check
#define __read_mostly
#define __always_inline inline
#define noinline
#define __maybe_unused
#define __counted_by(member)
#define __data_racy
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
/* build_bug.h */
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

/* struct_group(): the members reachable both directly and through one named struct (stddef.h's idea) */
#define __struct_group(tag, name, attrs, members...) \
	union { struct { members } attrs; struct tag { members } attrs name; } attrs
#define struct_group(name, members...) __struct_group(, name, , members)
#define struct_group_tagged(tag, name, members...) __struct_group(tag, name, , members)
/* a flexible array that may sit alone in a struct or union: an empty struct keeps it legal */
#define __DECLARE_FLEX_ARRAY(type, name) struct { struct { } __empty_##name; type name[]; }
#define DECLARE_FLEX_ARRAY(type, name) __DECLARE_FLEX_ARRAY(type, name)

/* asm-generic/int-ll64.h */
typedef __signed__ char __s8;
typedef unsigned char __u8;
typedef __signed__ short __s16;
typedef unsigned short __u16;
typedef __signed__ int __s32;
typedef unsigned int __u32;
typedef __signed__ long long __s64;
typedef unsigned long long __u64;
typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;
#ifdef __SIZEOF_INT128__
typedef __signed__ __int128 s128;
typedef unsigned __int128 u128;
#endif

/* linux/types.h */
typedef _Bool bool;
#ifdef __LP64__
typedef unsigned long __kernel_size_t;
typedef long __kernel_ssize_t;
#else
typedef unsigned int __kernel_size_t;
typedef int __kernel_ssize_t;
#endif
typedef __kernel_size_t size_t;
typedef __kernel_ssize_t ssize_t;
typedef unsigned long uintptr_t;
typedef unsigned int __bitwise gfp_t;
typedef unsigned long pgoff_t;
#ifdef CONFIG_64BIT
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
#else
typedef u32 phys_addr_t;
typedef u32 dma_addr_t;
#endif
typedef phys_addr_t resource_size_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

#ifdef CONFIG_64BIT
typedef atomic64_t atomic_long_t;
#else
typedef atomic_t atomic_long_t;
#endif

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct llist_head {
	struct llist_node *first;
};

struct llist_node {
	struct llist_node *next;
};

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

/* asm-generic/qspinlock_types.h (little endian), spinlock_types_raw.h, spinlock_types.h */
typedef struct qspinlock {
	union {
		atomic_t val;
		struct {
			u8	locked;
			u8	pending;
		};
		struct {
			u16	locked_pending;
			u16	tail;
		};
	};
} arch_spinlock_t;

typedef struct raw_spinlock {
	arch_spinlock_t raw_lock;
} raw_spinlock_t;

typedef struct spinlock {
	union {
		struct raw_spinlock rlock;
	};
} spinlock_t;

/* mm_types.h / swap.h */
typedef struct {
	unsigned long val;
} swp_entry_t;

typedef struct {
	unsigned long f;
} memdesc_flags_t;

struct page;
typedef struct page *pgtable_t;
