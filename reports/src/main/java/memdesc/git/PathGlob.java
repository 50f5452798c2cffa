package memdesc.git;

import memdesc.steps.InputException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The --include filter, with the semantics of a plain git pathspec (no magic), matched against the
 * full path from the repository root:
 * <ul>
 * <li>a pattern with a wildcard ({@code * ? [}) is a glob over the whole path in which {@code *} and
 * {@code ?} also match {@code /}: {@code *.c} matches {@code mm/filemap.c} at any depth, and
 * {@code mm/*.c} matches {@code mm/damon/core.c} too; {@code [..]} is a char class ({@code !} or
 * {@code ^} negates, ranges allowed); {@code \x} is a literal x;
 * <li>a pattern without a wildcard names a file or a directory: {@code mm} matches {@code mm} and
 * everything under {@code mm/};
 * <li>case-sensitive; pathspec magic ({@code :(exclude)…}) is refused.
 * </ul>
 * A path matches the filter when it matches any pattern.
 */
final class PathGlob {
    private final Pattern[] globs;
    private final String[] suffixes; // fast path for "*<literal>"
    private final String[] prefixes; // wildcard-free patterns

    private PathGlob(Pattern[] globs, String[] suffixes, String[] prefixes) {
        this.globs = globs;
        this.suffixes = suffixes;
        this.prefixes = prefixes;
    }

    static PathGlob of(List<String> patterns) {
        var globs = new java.util.ArrayList<Pattern>();
        var suffixes = new java.util.ArrayList<String>();
        var prefixes = new java.util.ArrayList<String>();
        for (String p : patterns) {
            if (p.isEmpty()) throw new InputException("--include '': error: empty pattern");
            if (p.startsWith(":")) throw new InputException("--include '" + p + "': error: pathspec magic is not supported");
            String rest = p.startsWith("*") ? p.substring(1) : null;
            if (rest != null && !hasWildcard(rest) && rest.indexOf('\\') < 0) {
                suffixes.add(rest);
            } else if (!hasWildcard(p)) {
                prefixes.add(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
            } else {
                globs.add(Pattern.compile(toRegex(p), Pattern.DOTALL));
            }
        }
        return new PathGlob(globs.toArray(Pattern[]::new), suffixes.toArray(String[]::new), prefixes.toArray(String[]::new));
    }

    boolean matches(String path) {
        for (String s : suffixes) if (path.endsWith(s)) return true;
        for (String p : prefixes) {
            if (path.equals(p) || (path.startsWith(p) && path.length() > p.length() && path.charAt(p.length()) == '/')) return true;
        }
        for (Pattern g : globs) if (g.matcher(path).matches()) return true;
        return false;
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> {
                    if (++i >= glob.length()) throw new InputException("--include '" + glob + "': error: trailing backslash");
                    re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2); // a ']' right after '[' (or "[!") is literal
                    int body = i + 1;
                    boolean neg = body < glob.length() && (glob.charAt(body) == '!' || glob.charAt(body) == '^');
                    if (neg) end = glob.indexOf(']', body + 2);
                    if (end < 0) throw new InputException("--include '" + glob + "': error: unmatched [");
                    String items = glob.substring(neg ? body + 1 : body, end);
                    if (items.contains("[:") || items.indexOf('\\') >= 0)
                        throw new InputException("--include '" + glob + "': error: character classes and escapes inside [] are not supported");
                    re.append(neg ? "[^" : "[");
                    for (int j = 0; j < items.length(); j++) {
                        char ic = items.charAt(j);
                        if (ic == '-' && j > 0 && j < items.length() - 1) re.append('-');
                        else re.append(String.format("\\x{%x}", (int) ic));
                    }
                    re.append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
