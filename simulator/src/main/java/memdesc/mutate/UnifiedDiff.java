package memdesc.mutate;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff (as {@code diff -u} prints it, 3 lines of context) of two versions of a roadmap. A
 * mutant differs from its roadmap in one place or two (a moved step), so the common head and tail are
 * cut first and the longest common subsequence is computed on what is left.
 */
final class UnifiedDiff {
    private UnifiedDiff() {}

    static final int CONTEXT = 3;

    static String diff(String aName, String bName, List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) head++;
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) tail++;
        List<String> x = a.subList(head, a.size() - tail), y = b.subList(head, b.size() - tail);
        // ops over the whole files: ' ' same, '-' only in a, '+' only in b
        List<char[]> ops = new ArrayList<>();
        for (int i = 0; i < head; i++) ops.add(new char[] {' '});
        int n = x.size(), m = y.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                ops.add(new char[] {' '});
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'}); // a line that goes is shown before the one that comes, as diff -u does
                i++;
            } else {
                ops.add(new char[] {'+'});
                j++;
            }
        }
        for (int k = 0; k < tail; k++) ops.add(new char[] {' '});
        if (ops.stream().allMatch(o -> o[0] == ' ')) return "";

        StringBuilder out = new StringBuilder();
        out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
        // line numbers of each op in a and b (1-based, of the line the op is at or before)
        int total = ops.size();
        int[] la = new int[total + 1], lb = new int[total + 1];
        for (int k = 0, pa = 1, pb = 1; k <= total; k++) {
            la[k] = pa;
            lb[k] = pb;
            if (k == total) break;
            char o = ops.get(k)[0];
            if (o != '+') pa++;
            if (o != '-') pb++;
        }
        int k = 0;
        while (k < total) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k; // exclusive; extend while changes are within 2*CONTEXT of each other
            int last = k;
            while (end < total) {
                if (ops.get(end)[0] != ' ') last = end;
                else if (end - last > 2 * CONTEXT) break;
                end++;
            }
            end = Math.min(total, last + 1 + CONTEXT);
            int ca = 0, cb = 0;
            for (int q = start; q < end; q++) {
                if (ops.get(q)[0] != '+') ca++;
                if (ops.get(q)[0] != '-') cb++;
            }
            out.append("@@ -").append(range(ca == 0 ? la[start] - 1 : la[start], ca)).append(" +")
                    .append(range(cb == 0 ? lb[start] - 1 : lb[start], cb)).append(" @@\n");
            for (int q = start; q < end; q++) {
                char o = ops.get(q)[0];
                String line = o == '+' ? b.get(lb[q] - 1) : a.get(la[q] - 1);
                out.append(o).append(line).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    private static String range(int start, int count) {
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }
}
