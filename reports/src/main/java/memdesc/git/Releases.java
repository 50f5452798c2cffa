package memdesc.git;

import memdesc.steps.InputException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * --refs as releases: a glob of tags ({@code v6.*}) or a range of tags ({@code v6.0..v6.18}: every tag
 * whose version lies between the two, both included, the ends need not exist), sorted by version,
 * not by name: numbers compare as numbers, and a suffix after '-' is a pre-release that comes before
 * the release ({@code v6.1-rc3 < v6.1 < v6.1.2 < v6.10}). Anything else is one ref, kept as given.
 */
final class Releases {
    private Releases() { }

    static List<String> expand(Store store, List<String> specs) {
        Set<String> out = new LinkedHashSet<>();
        List<String> tags = null;
        for (String spec : specs) {
            boolean glob = spec.indexOf('*') >= 0 || spec.indexOf('?') >= 0 || spec.indexOf('[') >= 0;
            int dots = spec.indexOf("..");
            boolean range = dots > 0 && dots + 2 < spec.length() && spec.indexOf("..", dots + 2) < 0 && spec.charAt(dots + 2) != '.';
            if (!glob && !range) {
                out.add(spec);
                continue;
            }
            if (tags == null) tags = tags(store);
            List<String> hit = new ArrayList<>();
            if (glob) {
                PathGlob g = PathGlob.of(List.of(spec));
                for (String t : tags) if (g.matches(t)) hit.add(t);
            } else {
                String lo = spec.substring(0, dots), hi = spec.substring(dots + 2);
                if (compare(lo, hi) > 0) throw new InputException("--refs '" + spec + "': error: " + lo + " comes after " + hi);
                for (String t : tags) if (sameScheme(t, lo) && compare(lo, t) <= 0 && compare(t, hi) <= 0) hit.add(t);
            }
            if (hit.isEmpty()) throw new InputException(store.shown + ": error: --refs '" + spec + "' matches no tag");
            hit.sort(Releases::compare);
            out.addAll(hit);
        }
        return List.copyOf(out);
    }

    private static List<String> tags(Store store) {
        try {
            List<String> out = new ArrayList<>();
            for (Ref r : store.repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) out.add(r.getName().substring(Constants.R_TAGS.length()));
            return out;
        } catch (IOException e) {
            throw new InputException(store.shown + ": error: cannot list tags: " + Errors.describe(e));
        }
    }

    private static final Pattern PART = Pattern.compile("\\d+|[^\\d]+");

    /** Tags of one naming scheme: the same text before the first digit ("v" in v6.1). */
    private static boolean sameScheme(String a, String b) {
        return lead(a).equals(lead(b));
    }

    private static String lead(String s) {
        int i = 0;
        while (i < s.length() && !Character.isDigit(s.charAt(i))) i++;
        return s.substring(0, i);
    }

    /** Version order (see the class comment); ties by name. */
    static int compare(String a, String b) {
        List<String> x = parts(a), y = parts(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i), q = y.get(i);
            boolean pn = Character.isDigit(p.charAt(0)), qn = Character.isDigit(q.charAt(0));
            int c;
            if (pn && qn) c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            else if (pn != qn) c = pn ? 1 : -1;
            else if (p.startsWith("-") != q.startsWith("-")) c = p.startsWith("-") ? -1 : 1; // pre-release first
            else c = p.compareTo(q);
            if (c != 0) return c;
        }
        if (x.size() != y.size()) {
            // one goes on: a '-' suffix is a pre-release (earlier), anything else a later version
            boolean xLonger = x.size() > y.size();
            String next = (xLonger ? x : y).get(Math.min(x.size(), y.size()));
            int longerIsLater = next.startsWith("-") ? -1 : 1;
            return xLonger ? longerIsLater : -longerIsLater;
        }
        return a.compareTo(b);
    }

    private static List<String> parts(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = PART.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    static final Comparator<String> ORDER = Releases::compare;
}
