package memdesc.mlock;

import memdesc.lru.Lru;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

import java.util.Optional;

/**
 * mlock (mm/mlock.c): PG_mlocked, the move to the unevictable LRU, and the mlock count kept in the folio
 * where the state has {@code mlock_count} (overlaying lru.prev while the folio is unevictable).
 */
public final class Mlock {
    private final Folios folios;
    private final Lru lru;
    private final Field flags;
    private final Optional<Field> count;
    private final boolean pf, pc;

    public Mlock(Machine m, Folios folios, Lru lru) {
        this.folios = folios;
        this.lru = lru;
        Binding b = m.bind("mlock");
        flags = b.field("folio.flags", "page.flags");
        count = b.need("the mlock count", "folio.mlock_count", "page.mlock_count");
        pf = flags.name().startsWith("page.");
        pc = count.isPresent() && count.get().name().startsWith("page.");
    }

    private long fb(long folio) {
        return pf ? folios.page(folio, 0) : folio;
    }

    private long cb(long folio) {
        return pc ? folios.page(folio, 0) : folio;
    }

    /** The mlock count a walker reads (census); "dropped" where a step dropped it on purpose. */
    public String countOf(long folio) {
        return count.map(c -> Long.toString(c.getInt(cb(folio)))).orElse("dropped");
    }

    public boolean mlocked(long folio) {
        return (flags.get(fb(folio)) & (1L << Machine.PG_mlocked)) != 0;
    }

    /** mlock_folio(). Returns the new mlock count. */
    public int mlock(long folio) {
        if (!mlocked(folio)) {
            flags.set(fb(folio), flags.get(fb(folio)) | 1L << Machine.PG_mlocked);
            lru.setUnevictable(folio, true);
            count.ifPresent(c -> c.set(cb(folio), 0));
        }
        return count.map(c -> c.addInt(cb(folio), 1)).orElse(1);
    }

    /** munlock_folio(). Returns the remaining count; at zero the folio is evictable again. */
    public int munlock(long folio) {
        if (!mlocked(folio)) throw new ModelFailure("mlock", flags.name(), folios.pfn(folio), "munlock of a folio that is not mlocked");
        int left = count.map(c -> c.addInt(cb(folio), -1)).orElse(0);
        if (left == 0) {
            flags.set(fb(folio), flags.get(fb(folio)) & ~(1L << Machine.PG_mlocked));
            lru.setUnevictable(folio, false);
        }
        return left;
    }
}
