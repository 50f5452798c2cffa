/*
 * The struct layouts proposed on the memdesc Path (kernelnewbies MatthewWilcox/Memdescs/Path,
 * LWN's LSFMM report), as the seeds print them. Each version of struct page is in its own
 * #if so the file can be parsed once per proposal: -DPAGE32, -DPAGE32_OLD, -DPAGE16, -DPAGE8.
 */
struct folio {
	unsigned long flags;
	struct list_head lru;
	struct address_space *mapping;
	pgoff_t index;
	void *private;
	unsigned int _refcount;
	unsigned int _mapcount;
	unsigned int pincount;
	unsigned char order;	/* +3 bytes free */
	unsigned long pfn;
	struct mem_cgroup *memcg;
};

#if defined(PAGE32)
struct page {
	unsigned long flags;
	union {
		struct list_head buddy_list;
		struct list_head pcp_list;
		struct {
			unsigned long memdesc;
			union {
				unsigned long private;
				atomic_t _mapcount; // only used for folios?
			};
		};
	};
	int _refcount; // 0 for folios
};
#elif defined(PAGE32_OLD)
struct page {
	unsigned long flags;
	union {
		struct list_head buddy_list;
		struct list_head pcp_list;
		struct {
			unsigned long memdesc;
			int _refcount; // 0 for folios
		};
	};
	union {
		unsigned long private;
		struct {
			int _mapcount; // only used for folios?
		};
	};
};
#elif defined(PAGE16)
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
struct page {
	u64 memdesc;
};
#endif
