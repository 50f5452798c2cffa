package memdesc.git;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A kernel MAINTAINERS file, read the way scripts/get_maintainer.pl reads it, and the sections a file
 * belongs to under its matching rules (our own implementation of the documented rules):
 * <ul>
 * <li>A line {@code T: value} (T a capital letter at column 0) belongs to the section named by the
 * last other non-blank, non-{@code #} line before it (blank lines do not end a section).
 * <li>F: and X: values become regexes: {@code .} is literal, {@code *} is {@code .*} (crossing
 * {@code /}), {@code ?} is {@code .}; the rest is taken as a regex. A value naming a directory of the
 * tree (as written, no wildcard or dot) gets a trailing slash.
 * <li>A value ending in {@code /} matches every path it starts (the directory and all below); one
 * without matches a path it starts only when both have the same number of slashes ({@code mm/*}
 * matches {@code mm/a.c}, not {@code mm/damon/a.c}).
 * <li>X: is tested first: a section with a matching X: does not take the file.
 * <li>N: is a regex searched anywhere in the path (Perl {@code /x}: whitespace in it is ignored).
 * <li>K: is a regex searched in the file's content; get_maintainer.pl applies it to files only with
 * {@code --keywords-in-file} (off by default), and so do we: only when asked.
 * </ul>
 * A file may be in several sections (every file is in THE REST, whose F: is {@code *}).
 */
final class Maintainers {
    /** A section: its name and its patterns. */
    record Section(String name, List<FilePattern> f, List<FilePattern> x, List<Pattern> n, List<Pattern> k) { }

    /** An F: or X: pattern: the regex, whether it ends in '/', its slash count, its literal start. */
    record FilePattern(String value, Pattern regex, boolean dir, int slashes, String literal) {
        boolean matches(String path) {
            if (!regex.matcher(path).lookingAt()) return false;
            return dir || Maintainers.slashes(path) == slashes;
        }
    }

    private final List<Section> sections;
    /** Candidate F: (and X:) patterns by the directory their literal start lies in ("" for the root). */
    private final Map<String, List<int[]>> fIndex = new HashMap<>();
    private final Map<String, List<int[]>> xIndex = new HashMap<>();
    private final List<Integer> withN = new ArrayList<>();
    private final List<Integer> withK = new ArrayList<>();

    private Maintainers(List<Section> sections) {
        this.sections = sections;
        for (int s = 0; s < sections.size(); s++) {
            Section sec = sections.get(s);
            for (int i = 0; i < sec.f().size(); i++) index(fIndex, sec.f().get(i), s, i);
            for (int i = 0; i < sec.x().size(); i++) index(xIndex, sec.x().get(i), s, i);
            if (!sec.n().isEmpty()) withN.add(s);
            if (!sec.k().isEmpty()) withK.add(s);
        }
    }

    private static void index(Map<String, List<int[]>> idx, FilePattern p, int section, int i) {
        String key = p.literal().substring(0, p.literal().lastIndexOf('/') + 1);
        idx.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {section, i});
    }

    static final Maintainers NONE = new Maintainers(List.of());

    List<Section> sections() {
        return sections;
    }

    /**
     * Parses MAINTAINERS text; {@code isDir} answers whether a path names a directory of the tree the
     * file came from. Patterns Java cannot compile are dropped (Perl regex features we lack).
     */
    static Maintainers parse(String text, java.util.function.Predicate<String> isDir) {
        List<Section> out = new ArrayList<>();
        String name = null;
        List<FilePattern> f = null, x = null;
        List<Pattern> n = null, k = null;
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.length() >= 2 && line.charAt(0) >= 'A' && line.charAt(0) <= 'Z' && line.charAt(1) == ':') {
                if (name == null) continue; // a type line before any name: get_maintainer skips it too
                String value = line.substring(2).replaceFirst("^\\s+", "");
                char type = line.charAt(0);
                try {
                    switch (type) {
                        case 'F' -> f.add(filePattern(value, isDir));
                        case 'X' -> x.add(filePattern(value, isDir));
                        case 'N' -> n.add(Pattern.compile(value, Pattern.COMMENTS));
                        case 'K' -> k.add(Pattern.compile(value, Pattern.COMMENTS));
                        default -> { }
                    }
                } catch (PatternSyntaxException e) {
                    // a Perl-only construct: the pattern matches nothing here
                }
            } else if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                if (name != null) out.add(new Section(name, f, x, n, k));
                name = line.strip();
                f = new ArrayList<>();
                x = new ArrayList<>();
                n = new ArrayList<>();
                k = new ArrayList<>();
            }
        }
        if (name != null) out.add(new Section(name, f, x, n, k));
        out.removeIf(s -> s.f().isEmpty() && s.n().isEmpty() && s.k().isEmpty());
        return new Maintainers(List.copyOf(out));
    }

    static FilePattern filePattern(String value, java.util.function.Predicate<String> isDir) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean literalOpen = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '.' -> re.append("\\.");
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(c);
            }
            if ("*?[](){}+^$|\\".indexOf(c) >= 0) literalOpen = false;
            if (literalOpen) literal.append(c);
        }
        String regex = re.toString();
        // get_maintainer tests -d on the converted value: only a value with no '.', '*' or '?' can be a directory
        if (!value.endsWith("/") && regex.equals(value) && !value.isEmpty() && isDir.test(value)) regex = regex + "/";
        boolean dir = regex.endsWith("/");
        return new FilePattern(value, Pattern.compile(regex), dir, slashes(regex), literal.toString());
    }

    static int slashes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '/') n++;
        return n;
    }

    /**
     * The names of the sections {@code path} is in, in MAINTAINERS order. {@code content} is asked
     * only when some section has K: patterns and {@code keywords} is set.
     */
    List<String> sectionsOf(String path, boolean keywords, Supplier<String> content) {
        if (sections.isEmpty()) return List.of();
        Set<Integer> excluded = new java.util.HashSet<>();
        Set<Integer> in = new java.util.TreeSet<>();
        for (int[] c : candidates(xIndex, path)) {
            if (sections.get(c[0]).x().get(c[1]).matches(path)) excluded.add(c[0]);
        }
        for (int[] c : candidates(fIndex, path)) {
            if (!excluded.contains(c[0]) && sections.get(c[0]).f().get(c[1]).matches(path)) in.add(c[0]);
        }
        for (int s : withN) {
            if (excluded.contains(s) || in.contains(s)) continue;
            for (Pattern p : sections.get(s).n()) {
                if (p.matcher(path).find()) {
                    in.add(s);
                    break;
                }
            }
        }
        if (keywords && !withK.isEmpty()) {
            String text = null;
            for (int s : withK) {
                if (in.contains(s)) continue;
                if (text == null) text = content.get();
                if (text == null) break;
                for (Pattern p : sections.get(s).k()) {
                    if (p.matcher(text).find()) {
                        in.add(s);
                        break;
                    }
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int s : in) names.add(sections.get(s).name());
        return List.copyOf(names);
    }

    /** Patterns whose literal start lies in a directory containing {@code path}. */
    private static List<int[]> candidates(Map<String, List<int[]>> idx, String path) {
        List<int[]> out = new ArrayList<>();
        List<int[]> root = idx.get("");
        if (root != null) out.addAll(root);
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            List<int[]> l = idx.get(path.substring(0, i + 1));
            if (l != null) out.addAll(l);
        }
        return out;
    }
}
