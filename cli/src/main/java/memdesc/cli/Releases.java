package memdesc.cli;

/** Kernel release tags (v6.12, v6.18.2) in release order, for status claims: done in v6.14 stays done after it. */
final class Releases {
    private Releases() {}

    /** Whether tag {@code a} is a later release than {@code b}; false when either is no vX.Y[.Z] tag. */
    static boolean after(String a, String b) {
        int[] x = parse(a), y = parse(b);
        if (x == null || y == null) return false;
        for (int i = 0; i < 3; i++) if (x[i] != y[i]) return x[i] > y[i];
        return false;
    }

    private static int[] parse(String t) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)(?:\\.(\\d+))?").matcher(t);
        if (!m.matches()) return null;
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }
}
