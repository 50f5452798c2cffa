package memdesc.steps;

/**
 * Which implementation a core helper uses in a state: {@code page_folio} as "compound_head" (the head
 * page is the folio) or "memdesc" (decode page->memdesc, NULL for a non-folio), {@code buddy_order}
 * kept in "private", "flags", …. The model has one Java implementation per (helper, impl).
 */
public record Helper(String name, String impl, Loc loc) {}
