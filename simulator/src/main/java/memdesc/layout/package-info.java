/**
 * gcc-exact struct layout for kernel header C: {@link memdesc.layout.CHeader#parse} reads a
 * header (hand-written lexer, preprocessor and recursive-descent parser; no parser generator)
 * and lays out each struct and union with gcc's x86 rules for LP64 (x86_64) or ILP32 (i386):
 * bitfield storage units, :0, packed, aligned, anonymous members. {@link memdesc.layout.LayoutFormat}
 * prints layouts as pahole does (checked against pahole 1.24), as a table or JSON, and suggests
 * a member order with fewer holes. A built-in prelude supplies list_head, rcu_head, atomic_t,
 * u8..u64, spinlock_t and friends; {@code seeds/proposed.h} restates the memdesc Path's proposed
 * structs. The v6.12 structs live in roadmap.yaml's baseline, as the project's own statement of them.
 * {@link memdesc.layout.KernelLayout} reads structs straight from a kernel source tree
 * ({@link memdesc.layout.SourceTree}): includes followed, a .config, our own facts (resource tree/facts.h)
 * for what the build generates.
 */
package memdesc.layout;
