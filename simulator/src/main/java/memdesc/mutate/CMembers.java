package memdesc.mutate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The member declarations of a struct's C text, one per line, as far as a line-based reading can tell
 * them apart: enough to swap two neighbours or wrap them in a union without breaking the text. Lines
 * inside a comment, preprocessor lines, function pointers and lines that leave a comment open are not
 * members here, so an edit never splits a comment from its member.
 */
final class CMembers {
    private CMembers() {}

    /**
     * One member line. {@code line} is 0-based in the C text; {@code depth} counts the braces open before
     * it; {@code inUnion} says whether the innermost open brace is a union's (whose members all start at
     * offset 0, so reordering them changes no offset); {@code underUnion}, whether any open brace is (the
     * member then overlays another member of its own struct).
     */
    record Line(int line, String name, String type, Integer bits, int depth, boolean inUnion, boolean underUnion, String text) {}

    private static final Pattern MEMBER = Pattern.compile(
            "^\\s*((?:(?:const|volatile|unsigned|signed|struct|union|enum)\\s+)*[A-Za-z_]\\w*(?:\\s+(?:int|long|char|short))*)"
                    + "(\\s*\\*+\\s*|\\s+)([A-Za-z_]\\w*)\\s*(\\[[^\\]]*\\])?\\s*(?::\\s*(\\d+))?\\s*;\\s*(//.*|/\\*.*?\\*/\\s*)?$");

    static List<Line> scan(String c) {
        List<Line> out = new ArrayList<>();
        List<Boolean> open = new ArrayList<>(); // per open brace: is it a union's?
        boolean comment = false;
        String[] lines = c.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            String code = stripComments(l, comment);
            boolean startsInComment = comment;
            comment = endsInComment(l, comment);
            String t = code.trim();
            if (!startsInComment && !comment && !t.startsWith("#") && !t.contains("(") && !t.startsWith("typedef")) {
                Matcher m = MEMBER.matcher(l);
                if (m.matches() && !m.group(1).equals("return")) {
                    String type = (m.group(1).trim() + " " + m.group(2).trim()).trim();
                    Integer bits = m.group(5) == null ? null : Integer.valueOf(m.group(5));
                    boolean inUnion = !open.isEmpty() && open.get(open.size() - 1);
                    boolean underUnion = open.contains(Boolean.TRUE);
                    out.add(new Line(i, m.group(3), type + (m.group(4) == null ? "" : m.group(4)), bits, open.size(), inUnion,
                            underUnion, l));
                }
            }
            if (t.startsWith("#")) continue;
            for (int k = 0; k < code.length(); k++) {
                char ch = code.charAt(k);
                if (ch == '{') open.add(code.substring(0, k).matches("(?s).*\\bunion\\b[^;{}]*$"));
                else if (ch == '}' && !open.isEmpty()) open.remove(open.size() - 1);
            }
        }
        return out;
    }

    /** The line with comments blanked out ({@code inComment}: the line starts inside one). */
    static String stripComments(String l, boolean inComment) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < l.length()) {
            if (inComment) {
                int end = l.indexOf("*/", i);
                if (end < 0) return b.toString();
                inComment = false;
                i = end + 2;
            } else if (l.startsWith("/*", i)) {
                inComment = true;
                i += 2;
            } else if (l.startsWith("//", i)) {
                return b.toString();
            } else {
                b.append(l.charAt(i++));
            }
        }
        return b.toString();
    }

    static boolean endsInComment(String l, boolean inComment) {
        int i = 0;
        while (i < l.length()) {
            if (inComment) {
                int end = l.indexOf("*/", i);
                if (end < 0) return true;
                inComment = false;
                i = end + 2;
            } else if (l.startsWith("/*", i)) {
                inComment = true;
                i += 2;
            } else if (l.startsWith("//", i)) {
                return false;
            } else {
                i++;
            }
        }
        return inComment;
    }

    /** Pairs of member lines on consecutive lines at the same depth of a struct (not a union). */
    static List<Line[]> neighbours(List<Line> members) {
        List<Line[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < members.size(); i++) {
            Line a = members.get(i), b = members.get(i + 1);
            if (b.line() == a.line() + 1 && a.depth() == b.depth() && a.depth() >= 1 && !a.inUnion())
                out.add(new Line[] {a, b});
        }
        return out;
    }
}
