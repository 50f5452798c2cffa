package memdesc.steps;

/**
 * A struct member as users name it: {@code page.lru}, {@code folio.mapping}, {@code buffer_head.b_page},
 * or a nested path such as {@code page.buddy_list.next}. {@code folio.page} is how a user taking
 * {@code &folio->page} is recorded.
 */
public record Member(String struct, String path) implements Comparable<Member> {
    public Member {
        if (struct.isEmpty() || path.isEmpty()) throw new IllegalArgumentException("empty member name");
    }

    /** Parses {@code struct.member[.sub]}; null when the text has no dot. */
    public static Member parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) return null;
        return new Member(text.substring(0, dot), text.substring(dot + 1));
    }

    /** The first component of the path: the member the struct declares (directly or in an anonymous union). */
    public String top() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    /** C spelling of an access through a pointer: {@code page->lru}. */
    public String arrow() {
        return struct + "->" + path.replace(".", ".");
    }

    @Override public int compareTo(Member o) {
        int c = struct.compareTo(o.struct);
        return c != 0 ? c : path.compareTo(o.path);
    }

    @Override public String toString() {
        return struct + "." + path;
    }
}
