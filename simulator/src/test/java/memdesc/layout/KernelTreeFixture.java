package memdesc.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small kernel-shaped source trees of our own words (no kernel text): the build's forced includes,
 * attribute macros, a config-dependent struct page, an mm/ header that relies on its .c file's
 * includes, and typedef chains. {@link #release(int)} 0 is shaped like v6.0, 1 like v6.18.
 */
final class KernelTreeFixture {
    private KernelTreeFixture() { }

    static Map<String, String> release(int r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("include/linux/compiler-version.h", "/* empty: the real one names the compiler version */\n");
        f.put("include/linux/kconfig.h", """
            #ifndef KCONFIG_H
            #define KCONFIG_H
            #include <generated/autoconf.h>
            #define __ARG_PLACEHOLDER_1 0,
            #endif
            """);
        f.put("include/linux/compiler_types.h", """
            #ifndef COMPILER_TYPES_H
            #define COMPILER_TYPES_H
            #include <linux/compiler_attributes.h>
            #ifdef CONFIG_RANDSTRUCT
            # define __randomize_layout __attribute__((randomize_layout))
            #else
            # define __randomize_layout
            #endif
            #endif
            """);
        f.put("include/linux/compiler_attributes.h", """
            #ifndef COMPILER_ATTRIBUTES_H
            #define COMPILER_ATTRIBUTES_H
            #define __aligned(x) __attribute__((__aligned__(x)))
            #define __packed __attribute__((__packed__))
            #if __has_attribute(__fallthrough__)
            # define fallthrough __attribute__((__fallthrough__))
            #endif
            #endif
            """);
        f.put("include/linux/cache.h", """
            #ifndef CACHE_H
            #define CACHE_H
            #include <asm/cache.h>
            #define SMP_CACHE_BYTES L1_CACHE_BYTES
            #define ____cacheline_aligned __attribute__((__aligned__(SMP_CACHE_BYTES)))
            #endif
            """);
        f.put("arch/x86/include/asm/cache.h", """
            #define L1_CACHE_SHIFT (CONFIG_X86_L1_CACHE_SHIFT)
            #define L1_CACHE_BYTES (1 << L1_CACHE_SHIFT)
            /* '@' in asm text must not stop the reading */
            #define ASM_LABEL(x) "x@plt"
            """);
        // asm/types.h is a Kbuild wrapper: the tree only has the generic one
        f.put("include/uapi/asm-generic/types.h", """
            #ifndef ASM_GENERIC_TYPES_H
            #define ASM_GENERIC_TYPES_H
            __extension__ typedef unsigned long long __u64;
            typedef unsigned int __u32;
            #endif
            """);
        f.put("include/linux/types.h", """
            #ifndef TYPES_H
            #define TYPES_H
            #include <asm/types.h>
            typedef __u64 u64;
            typedef __u32 u32;
            typedef struct { int counter; } atomic_t;
            typedef struct { long counter; } atomic_long_t;
            struct list_head { struct list_head *next, *prev; };
            struct callback_head { struct callback_head *next; void (*func)(struct callback_head *head); } __attribute__((aligned(sizeof(void *))));
            #define rcu_head callback_head
            """ + (r == 0 ? "typedef unsigned long pgoff_t;\n" : "#define pgoff_t unsigned long\n") + """
            #endif
            """);
        f.put("include/linux/page-flags-layout.h", """
            #ifndef PFL_H
            #define PFL_H
            #include <generated/bounds.h>
            #if defined(CONFIG_NUMA_BALANCING) && NR_PAGEFLAGS > 60
            #define LAST_CPUPID_NOT_IN_PAGE_FLAGS
            #endif
            #endif
            """);
        String flags = r == 0 ? "unsigned long flags;" : "memdesc_flags_t flags;";
        f.put("include/linux/mm_types.h", """
            #ifndef MM_TYPES_H
            #define MM_TYPES_H
            #include <linux/types.h>
            #include <linux/cache.h>
            #include <linux/page-flags-layout.h>
            #include "mm_types_task.h"
            #ifdef CONFIG_HAVE_ALIGNED_STRUCT_PAGE
            #define _struct_page_alignment __aligned(sizeof(long) * 2)
            #else
            #define _struct_page_alignment __aligned(sizeof(long))
            #endif
            """ + (r == 1 ? "typedef struct { unsigned long f; } memdesc_flags_t;\n" : "") + """
            struct address_space;
            struct page {
            	FLAGS
            	union {
            		struct {
            			struct list_head lru;
            			struct address_space *mapping;
            			pgoff_t index;
            			unsigned long private;
            		};
            		struct rcu_head rcu_head;
            	};
            	atomic_t _mapcount;
            	atomic_t _refcount;
            #ifdef CONFIG_MEMCG
            	unsigned long memcg_data;
            #endif
            #ifdef LAST_CPUPID_NOT_IN_PAGE_FLAGS
            	int _last_cpupid;
            #endif
            } _struct_page_alignment;

            struct folio {
            	union {
            		struct {
            			FLAGS
            			struct list_head lru;
            			struct address_space *mapping;
            			pgoff_t index;
            			void *private;
            			atomic_t _mapcount;
            			atomic_t _refcount;
            		};
            		struct page page;
            	};
            	struct mm_counters counters;
            };

            struct mm_like {
            	long a;
            	struct list_head hot ____cacheline_aligned;
            } __randomize_layout;
            #endif
            """.replace("FLAGS", flags));
        f.put("include/linux/mm_types_task.h", """
            #ifndef MTT_H
            #define MTT_H
            #include <linux/types.h>
            enum { MM_FILEPAGES, MM_ANONPAGES, NR_MM_COUNTERS };
            struct mm_counters { atomic_long_t count[NR_MM_COUNTERS]; };
            #endif
            """);
        // like mm/slab.h before v6.8: no includes of its own, the .c file brings list_head in first
        f.put("mm/slab.h", """
            struct kmem_cache;
            typedef unsigned __int128 freelist_full_t __attribute__((aligned(16)));
            typedef union { struct { void *freelist; unsigned long counter; }; freelist_full_t full; } freelist_aba_t;
            struct slab {
            	unsigned long __page_flags;
            	struct kmem_cache *slab_cache;
            	union {
            		struct {
            			struct list_head slab_list;
            #ifdef CONFIG_HAVE_CMPXCHG_DOUBLE
            			freelist_aba_t freelist_counter;
            #else
            			void *freelist;
            			unsigned long counters;
            #endif
            		};
            		struct rcu_head rcu_head;
            	};
            	unsigned int __page_type;
            	atomic_t __page_refcount;
            };
            """);
        if (r == 1) {
            f.put("mm/zpdesc.h", """
                #ifndef ZPDESC_H
                #define ZPDESC_H
                #include <linux/mm_types.h>
                struct zpdesc {
                	memdesc_flags_t flags;
                	struct list_head lru;
                	unsigned long movable_ops;
                	unsigned int first_obj_offset;
                	atomic_t _refcount;
                };
                #endif
                """);
            f.put("include/net/netmem.h", """
                #include <linux/types.h>
                struct netmem_desc {
                	unsigned long _flags;
                	unsigned long pp_magic;
                	void *pp;
                	unsigned long dma_addr;
                	atomic_long_t pp_ref_count;
                } __packed;
                """);
        }
        return f;
    }

    static Path write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return dir;
    }
}
