/*
 * Layout corpus for the gcc cross-check: every struct here is laid out by the engine and
 * by gcc (x86_64 and i386), and each offset, size and alignment must agree.
 */
#define NR_SLOTS 4
#define WORDS (2 * sizeof(unsigned long))

struct c01_scalars { char c; short s; int i; long l; long long ll; float f; double d; };
struct c02_reverse { double d; long long ll; long l; int i; short s; char c; };
struct c03_tail { long l; char c; };
struct c04_empty_like { char c; };
struct c05_ptrs { char c; void *p; char **pp; const char *cp; struct c05_ptrs *self; };
struct c06_fnptr { int (*cmp)(const void *, const void *); void (*free)(void *); char tag; void *(*alloc)(unsigned long size, gfp_t gfp); };
struct c07_arrays { char name[13]; int v[3]; short m[2][3]; long tail[NR_SLOTS]; };
struct c08_nested { int a; struct c03_tail t; char b; struct c07_arrays arr; };
struct c09_anon_union { unsigned long flags; union { struct list_head lru; struct { void *filler; unsigned int count; }; }; int ref; };
struct c10_anon_struct_in_union { union { struct { u8 a; u16 b; }; struct { u32 c; u8 d; }; u64 e; }; char f; };
struct c11_named_nested { struct { int x; char y; } inner; union { long z; char w[3]; } u2; char last; };
struct c12_bits_basic { unsigned a:3; unsigned b:5; unsigned c:8; unsigned d:16; };
struct c13_bits_cross { unsigned a:30; unsigned b:4; unsigned c:31; unsigned d:2; };
struct c14_bits_zero { char c; int :0; char d; int x:4; int :0; int y:4; };
struct c15_bits_mixed { char a; unsigned short b:4; unsigned char c:3; unsigned int d:20; unsigned long long e:40; };
struct c16_bits_ll { unsigned long long a:40; unsigned long long b:30; unsigned int c:3; };
struct c17_bits_char { unsigned char a:7; unsigned char b:2; unsigned char c:7; };
struct c18_bits_unnamed { int a:3; int :5; int b:3; int :20; int c:2; };
struct c19_bits_then_long { int x:3; long y; short z:9; char q; };
struct c20_bits_bool { bool a:1; bool b:1; unsigned char c; _Bool d:1; };
struct c21_aligned_member { char c; int x __aligned(16); char d; };
struct c22_aligned_struct { char c; } __aligned(32);
struct c23_attr_aligned { int a; long long b __attribute__((aligned(16))); char c __attribute__((__aligned__(8))); };
struct c24_packed { char c; int i; short s; long l; } __packed;
struct c25_packed_attr { char c; int i; } __attribute__((packed));
struct __attribute__((packed)) c26_packed_prefix { char c; long long ll; };
struct c27_packed_member { char c; int i __attribute__((packed)); char d; long l __packed; };
struct c28_packed_bits { unsigned a:3; unsigned b:30; char c; } __packed;
struct c29_packed_aligned { char c; int x __aligned(2); short s; } __packed;
struct c30_outer_packed_inner { char c; struct c24_packed p; char d; struct c03_tail t; };
struct c31_array_of_structs { struct c03_tail a[3]; struct list_head heads[2]; char c; };
struct c32_macro_align { unsigned long flags; int x; } __aligned(WORDS);
struct c33_sizeof_expr { char buf[sizeof(struct c03_tail) * 2 + 1]; int n[sizeof(long) / sizeof(int)]; };
struct c34_enums { enum { E_A, E_B, E_C = 10 } e; char c; enum c34_kind { K_ONE = 1, K_TWO } k; int arr[K_TWO]; };
struct c35_typedefs { pgoff_t index; atomic_t count; atomic_long_t along; refcount_t ref; spinlock_t lock; swp_entry_t swap; };
struct c36_u_types { u8 a; u16 b; u32 c; u64 d; s8 e; s16 f; s32 g; s64 h; __u8 i; __u64 j; };
struct c37_kernel_lists { struct hlist_node node; struct llist_node ll; struct rcu_head rcu; struct hlist_head head; char c; };
struct c38_flex { int n; char c; long data[]; };
struct c39_const_volatile { const int a; volatile char b; const volatile long c; char *const p; const char *const q; };
struct c40_deep { union { struct { union { struct { char a; int b; }; long c; }; short d; }; char e[11]; }; char f; };
union c41_union_basic { char c; int i; long long ll; char buf[13]; };
union c42_union_bits { unsigned a:3; unsigned char b; struct { unsigned x:12; unsigned y:12; } s; };
struct c43_bits_in_anon { unsigned long counters; union { unsigned long word; struct { unsigned inuse:16; unsigned objects:15; unsigned frozen:1; }; }; };
struct c44_ptr_arrays { char *names[3]; void (*handlers[2])(int); int (*matrix)[4]; };
typedef struct { unsigned long val; int kind; } c45_typedef_anon;
typedef struct c46_tagged { short a; long b; } c46_typedef_tagged;
struct c47_uses_typedefs { c45_typedef_anon x; c46_typedef_tagged y; char z; };
struct c48_multi_decl { int a, *b, c[2]; char d, e; };
struct c49_dma { dma_addr_t addr; phys_addr_t phys; size_t len; gfp_t gfp; bool done; };
struct c50_cacheline { long a; int b ____cacheline_aligned; char c; };
struct c51_bits_ll_misc { char c; unsigned long long a:33; unsigned short b:10; unsigned long long d:60; };
struct c52_struct_group { int id; struct_group(hdr, unsigned short len; unsigned char type; ); char tail; };
struct c53_aligned_typedef_member { char c; atomic64_t a; };
struct c54_long_double { char c; long double ld; };
struct c55_union_in_packed { char c; union { int i; char b[3]; } u; } __packed;
