/*
 * The layouts the memdesc Path proposes, restated from the seeds (the kernelnewbies Path page, newest
 * and older revision, and LWN's LSFMM 2024 report) in our own formatting. Parse once per proposal,
 * with one of -DPAGE32 (newest revision), -DPAGE32_OLD (older revision), -DPAGE16, -DPAGE8.
 */

/* The separately allocated folio of the newest revision: 80 bytes. */
struct folio {
    unsigned long flags;
    struct list_head lru;
    struct address_space *mapping;
    pgoff_t index;
    void *private;
    unsigned int _refcount;
    unsigned int _mapcount;
    unsigned int pincount;
    unsigned char order;                    /* 3 bytes of hole follow */
    unsigned long pfn;
    struct mem_cgroup *memcg;
};

#if defined(PAGE32)
/* 32 bytes; memdesc is the word of buddy_list.next */
struct page {
    unsigned long flags;
    union {
        struct list_head buddy_list;
        struct list_head pcp_list;
        struct {
            unsigned long memdesc;
            union {
                unsigned long private;
                atomic_t _mapcount;         /* the seed asks whether only folios need it */
            };
        };
    };
    int _refcount;                          /* zero on folio pages, says the seed */
};
#elif defined(PAGE32_OLD)
/* 32 bytes too; refcount beside memdesc, private and mapcount after the union */
struct page {
    unsigned long flags;
    union {
        struct list_head buddy_list;
        struct list_head pcp_list;
        struct {
            unsigned long memdesc;
            int _refcount;
        };
    };
    union {
        unsigned long private;
        struct {
            int _mapcount;
        };
    };
};
#elif defined(PAGE16)
/* 16 bytes (Page2026): a free-list link or a memdesc and a private word */
struct page {
    union {
        struct list_head buddy_list;
        struct {
            unsigned long memdesc;
            unsigned long private;
        };
    };
};
#elif defined(PAGE8)
/* one word: type bits and a descriptor pointer */
struct page {
    u64 memdesc;
};
#endif
