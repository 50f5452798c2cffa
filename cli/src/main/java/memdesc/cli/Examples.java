package memdesc.cli;

import memdesc.steps.InputException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documentation's examples, checked against what the code prints today (in the manner of cram and
 * trycmd). A {@code ```console} block holds one or more commands, each a line {@code $ COMMAND}
 * followed by its expected output (stdout, then stderr). {@code ./memdesc ARGS} runs in this process
 * from the repository root, optionally after {@code NAME=VALUE} assignments, its output optionally
 * piped into {@code head -N}, {@code tail -N} or any other shell command; any other command runs in
 * {@code bash -c} there.
 *
 * <p>In expected output, {@code [..]} matches any text within a line, a line {@code ...} any number of
 * lines, {@code [TIME]} a duration ({@code 812 ms}, {@code 6.3 s}) and {@code [TMP]} a temporary path.
 */
final class Examples {
    private Examples() {}

    /** One command of a block, with where its {@code $} line is and the output the document shows. */
    record Example(Path file, int line, String command, String expected, int outFrom, int outTo) {}

    /** What a check found: the example and what it printed. */
    record Result(Example example, String actual, boolean matches) {}

    static List<Example> parse(Path file, String text) {
        List<Example> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("```console")) continue;
            int j = i + 1;
            while (j < lines.length && !lines[j].strip().equals("```")) {
                if (!lines[j].startsWith("$ ")) {
                    j++;
                    continue;
                }
                int cmdLine = j;
                int k = j + 1;
                StringBuilder exp = new StringBuilder();
                while (k < lines.length && !lines[k].strip().equals("```") && !lines[k].startsWith("$ ")) exp.append(lines[k++]).append('\n');
                out.add(new Example(file, cmdLine + 1, lines[cmdLine].substring(2), exp.toString(), cmdLine + 1, k));
                j = k;
            }
            i = j;
        }
        return out;
    }

    /** Runs one example's command from {@code root} and returns what it printed. */
    static String run(String command, Path root) {
        // ./memdesc ARGS | REST: memdesc runs in this process (a clean checkout has no jar yet while the tests
        // run), its output piped into REST; head -N and tail -N are done here, anything else by bash
        Matcher pipe = Pattern.compile("^((?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*\\./memdesc\\s[^|>&]*?)\\s+\\|\\s+(.+)$").matcher(command);
        String cmd = command;
        String filter = null, rest = null;
        int n = 0;
        if (pipe.matches()) {
            cmd = pipe.group(1);
            Matcher ht = Pattern.compile("^(head|tail)\\s+-(?:n\\s*)?(\\d+)\\s*$").matcher(pipe.group(2));
            if (ht.matches()) {
                filter = ht.group(1);
                n = Integer.parseInt(ht.group(2));
            } else {
                rest = pipe.group(2);
            }
        }
        List<String> words = split(cmd);
        Map<String, String> env = new LinkedHashMap<>();
        while (!words.isEmpty() && words.get(0).matches("[A-Z_][A-Z0-9_]*=.*")) {
            String w = words.remove(0);
            env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
        }
        // the documents show what an 80-column terminal shows, whatever the COLUMNS of whoever checks them
        env.putIfAbsent("COLUMNS", "80");
        String printed;
        if (!words.isEmpty() && words.get(0).equals("./memdesc") && !cmd.contains("|") && !cmd.contains(">") && !cmd.contains("&&")) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            Main.run(words.subList(1, words.size()).toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), root, env);
            printed = out.toString() + err.toString();
            if (rest != null) printed = shell(rest, root, printed);
        } else {
            printed = shell(command, root, "");
            filter = null;
        }
        if (filter == null) return printed;
        List<String> ls = printed.lines().toList();
        List<String> keep = filter.equals("head") ? ls.subList(0, Math.min(n, ls.size())) : ls.subList(Math.max(0, ls.size() - n), ls.size());
        StringBuilder b = new StringBuilder();
        keep.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String shell(String command, Path root, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(root.toFile()).redirectErrorStream(true);
            pb.environment().put("PATH", root + ":" + System.getenv("PATH"));
            pb.environment().put("COLUMNS", "80");
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command stopped reading (sed q, head): what it printed is the answer
            }
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not run: " + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }

    /** Splits a shell-like command line: spaces separate, single and double quotes group. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out;
    }

    /** Does the output match the expected text, placeholders included? */
    static boolean matches(String expected, String actual) {
        return pattern(expected).matcher(actual).matches();
    }

    static Pattern pattern(String expected) {
        StringBuilder re = new StringBuilder();
        for (String line : expected.split("\n", -1)) {
            if (line.equals("...")) {
                re.append("(?:[^\\n]*\\n)*?");
                continue;
            }
            Matcher m = Pattern.compile("\\[\\.\\.\\]|\\[TIME\\]|\\[TMP\\]").matcher(line);
            int at = 0;
            while (m.find()) {
                re.append(Pattern.quote(line.substring(at, m.start())));
                re.append(switch (m.group()) {
                    case "[..]" -> "[^\\n]*?";
                    case "[TIME]" -> "\\d+(?:\\.\\d+)?\\s?(?:ms|s|min)";
                    default -> "/\\S*";
                });
                at = m.end();
            }
            re.append(Pattern.quote(line.substring(at))).append("\n");
        }
        // the split added one "\n" too many after the last line
        re.setLength(re.length() - 1);
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * What --update writes: the real output, with the placeholders the old text used put back where they
     * apply (every duration when it had [TIME], every /tmp path when it had [TMP]), so a rewritten example
     * keeps passing on the next run.
     */
    static String masked(String oldExpected, String actual) {
        String out = actual;
        if (oldExpected.contains("[TIME]")) out = out.replaceAll("\\b\\d+(?:\\.\\d+)?\\s?(?:ms|s|min)\\b", "[TIME]");
        if (oldExpected.contains("[TMP]")) out = out.replaceAll("/tmp/\\S*", "[TMP]");
        return out;
    }

    /**
     * What --update writes for an example that differs: the old expected text edited into the real output
     * with the fewest line changes, so the lines that still match keep their placeholders ({@code [..]}
     * a person put in a row), a {@code ...} line keeps standing for the lines it leaves out, and only the
     * lines that changed are replaced (a new line masked as {@link #masked} masks).
     */
    static String merged(String oldExpected, String actual) {
        List<String> e = lines(oldExpected), a = lines(actual);
        int n = e.size(), m = a.size();
        final int edit = 1000, skip = 1; // a "..." line takes lines at almost no cost; replacing beats dropping
        Pattern[] p = new Pattern[n];
        for (int i = 0; i < n; i++) if (!e.get(i).equals("...")) p[i] = pattern(e.get(i));
        int[][] cost = new int[n + 1][m + 1];
        for (int i = n; i >= 0; i--)
            for (int j = m; j >= 0; j--) {
                if (i == n) cost[i][j] = (m - j) * edit;
                else if (e.get(i).equals("...")) cost[i][j] = Math.min(cost[i + 1][j], j < m ? skip + cost[i][j + 1] : Integer.MAX_VALUE);
                else {
                    int best = edit + cost[i + 1][j];                                      // drop the old line
                    if (j < m) {
                        best = Math.min(best, edit + cost[i][j + 1]);                      // a new line
                        best = Math.min(best, (p[i].matcher(a.get(j)).matches() ? 0 : edit) + cost[i + 1][j + 1]); // kept or replaced
                    }
                    cost[i][j] = best;
                }
            }
        StringBuilder b = new StringBuilder();
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i == n) {
                b.append(masked(oldExpected, a.get(j++))).append('\n');
            } else if (e.get(i).equals("...")) {
                if (j < m && cost[i][j] == skip + cost[i][j + 1]) j++;
                else {
                    b.append("...\n");
                    i++;
                }
            } else if (j < m && p[i].matcher(a.get(j)).matches() && cost[i][j] == cost[i + 1][j + 1]) {
                b.append(e.get(i++)).append('\n');
                j++;
            } else if (j < m && cost[i][j] == edit + cost[i + 1][j + 1]) {
                b.append(masked(oldExpected, a.get(j++))).append('\n');
                i++;
            } else if (j < m && cost[i][j] == edit + cost[i][j + 1]) {
                b.append(masked(oldExpected, a.get(j++))).append('\n');
            } else {
                i++;
            }
        }
        return b.toString();
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** Checks every example of the files; with {@code update}, rewrites each that differs with what it printed. */
    static List<Result> check(List<Path> files, Path root, boolean update) {
        List<Result> results = new ArrayList<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException(f + ": error: cannot read: " + e.getMessage());
            }
            List<Example> exs = parse(root.relativize(f.toAbsolutePath().normalize()), text);
            List<Result> mine = new ArrayList<>();
            for (Example e : exs) {
                String actual = run(e.command(), root);
                mine.add(new Result(e, actual, matches(e.expected(), actual)));
            }
            results.addAll(mine);
            if (update && mine.stream().anyMatch(r -> !r.matches())) {
                String[] lines = text.split("\n", -1);
                StringBuilder b = new StringBuilder();
                int at = 0;
                for (Result r : mine) {
                    if (r.matches()) continue;
                    for (; at < r.example().outFrom(); at++) b.append(lines[at]).append('\n');
                    b.append(merged(r.example().expected(), r.actual()));
                    at = r.example().outTo();
                }
                for (; at < lines.length; at++) b.append(lines[at]).append(at == lines.length - 1 ? "" : "\n");
                try {
                    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException(f + ": error: cannot write: " + e.getMessage());
                }
            }
        }
        return results;
    }
}
