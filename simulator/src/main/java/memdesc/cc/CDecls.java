package memdesc.cc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C text cut into its file-scope pieces (a declaration up to its ';', a preprocessor line, the text
 * between them), each with the names it defines: struct, union and enum tags with a body ("struct x"),
 * typedef names and enumerators. The pieces put back together are the text. The engine lets a later
 * header define a name again (it shadows); C does not, so the emitted C leaves out a second definition.
 */
final class CDecls {
    private CDecls() {}

    record Piece(String text, Set<String> defines, Set<String> mentions) {}

    private static final Pattern TAG_DEF = Pattern.compile("\\b(struct|union|enum)\\s+([A-Za-z_]\\w*)\\s*(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?\\{", Pattern.DOTALL);
    private static final Pattern TAG_USE = Pattern.compile("\\b(struct|union|enum)\\s+([A-Za-z_]\\w*)");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern ATTR = Pattern.compile("__attribute__\\s*\\(\\((?:[^()]|\\([^()]*(?:\\([^()]*\\))*[^()]*\\))*\\)\\)");
    private static final Pattern FN_PTR = Pattern.compile("\\(\\s*\\*\\s*([A-Za-z_]\\w*)\\s*\\)");
    private static final Pattern ENUM_BODY = Pattern.compile("\\benum\\b[^{;]*\\{([^}]*)\\}");

    static List<Piece> split(String c) {
        List<Piece> out = new ArrayList<>();
        int start = 0, depth = 0, n = c.length();
        boolean lineStart = true;
        for (int i = 0; i < n; i++) {
            char ch = c.charAt(i);
            if (ch == '/' && i + 1 < n && c.charAt(i + 1) == '*') {
                int e = c.indexOf("*/", i + 2);
                i = e < 0 ? n - 1 : e + 1;
                continue;
            }
            if (ch == '/' && i + 1 < n && c.charAt(i + 1) == '/') {
                int e = c.indexOf('\n', i);
                i = e < 0 ? n - 1 : e - 1;
                continue;
            }
            if (ch == '"' || ch == '\'') {
                for (i++; i < n && c.charAt(i) != ch; i++) if (c.charAt(i) == '\\') i++;
                continue;
            }
            if (ch == '#' && lineStart && depth == 0) {
                if (start < i && !c.substring(start, i).isBlank()) { out.add(piece(c.substring(start, i))); start = i; }
                int e = i;
                while (true) {
                    int nl = c.indexOf('\n', e);
                    if (nl < 0) { e = n; break; }
                    if (nl > 0 && c.charAt(nl - 1) == '\\') { e = nl + 1; continue; }
                    e = nl + 1;
                    break;
                }
                out.add(new Piece(c.substring(start, e), Set.of(), Set.of()));
                start = e;
                i = e - 1;
                lineStart = true;
                continue;
            }
            if (ch == '\n') lineStart = true;
            else if (!Character.isWhitespace(ch)) lineStart = false;
            if (ch == '{' || ch == '(') depth++;
            else if ((ch == '}' || ch == ')') && depth > 0) depth--;
            else if (ch == ';' && depth == 0) {
                out.add(piece(c.substring(start, i + 1)));
                start = i + 1;
            }
        }
        if (start < n) out.add(piece(c.substring(start)));
        return out;
    }

    private static Piece piece(String text) {
        String code = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Set<String> defs = new LinkedHashSet<>();
        Matcher m = TAG_DEF.matcher(code);
        while (m.find()) defs.add(m.group(1) + " " + m.group(2));
        Matcher en = ENUM_BODY.matcher(code);
        while (en.find())
            for (String item : en.group(1).split(",")) {
                Matcher id = IDENT.matcher(item.trim());
                if (id.lookingAt()) defs.add(id.group());
            }
        String t = code.trim().replaceFirst("^__extension__\\s+", "");
        if (t.startsWith("typedef") && t.endsWith(";")) {
            String flat = ATTR.matcher(t).replaceAll(" ");
            flat = stripBraces(flat);
            Matcher f = FN_PTR.matcher(flat);
            String name = null;
            if (f.find()) name = f.group(1);
            else {
                Matcher id = IDENT.matcher(flat.replaceAll("\\[[^\\]]*\\]", " "));
                while (id.find()) name = id.group();
            }
            if (name != null && !name.equals("typedef")) defs.add(name);
        }
        Set<String> uses = new HashSet<>();
        Matcher u = TAG_USE.matcher(code);
        while (u.find()) uses.add(u.group(1) + " " + u.group(2));
        Matcher id = IDENT.matcher(code);
        while (id.find()) uses.add(id.group());
        uses.removeAll(defs);
        return new Piece(text, defs, uses);
    }

    private static String stripBraces(String s) {
        StringBuilder b = new StringBuilder();
        int d = 0;
        for (char ch : s.toCharArray()) {
            if (ch == '{') d++;
            else if (ch == '}') { d--; b.append(' '); }
            else if (d == 0) b.append(ch);
        }
        return b.toString();
    }

    /** The names {@code c}'s pieces define. */
    static Set<String> defined(String c) {
        Set<String> out = new LinkedHashSet<>();
        for (Piece p : split(c)) out.addAll(p.defines());
        return out;
    }

    /**
     * {@code c} without the pieces that define a name in {@code taken} (and, with {@code dependents}, without
     * the pieces that then mention a name only a left-out piece defined). Names defined by the pieces kept
     * are added to {@code taken}.
     */
    static String without(String c, Set<String> taken, boolean dependents) {
        List<Piece> ps = split(c);
        boolean[] drop = new boolean[ps.size()];
        Set<String> gone = new HashSet<>();
        for (int i = 0; i < ps.size(); i++)
            if (ps.get(i).defines().stream().anyMatch(taken::contains)) { drop[i] = true; gone.addAll(ps.get(i).defines()); }
        for (boolean more = dependents; more; ) {
            more = false;
            for (int i = 0; i < ps.size(); i++)
                if (!drop[i] && ps.get(i).mentions().stream().anyMatch(gone::contains)) {
                    drop[i] = true;
                    gone.addAll(ps.get(i).defines());
                    more = true;
                }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ps.size(); i++) {
            if (drop[i]) continue;
            b.append(ps.get(i).text());
            taken.addAll(ps.get(i).defines());
        }
        return b.toString();
    }
}
