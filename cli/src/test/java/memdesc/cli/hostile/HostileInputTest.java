package memdesc.cli.hostile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 18: generated hostile inputs of every family thrown at the real commands in-process. Each family
 * runs {@code cases(N)} seeded cases (-Dhostile.scale multiplies them; a failing case prints its family and
 * seed, and its input is kept under target/hostile-failures). The figures each run prints are counts and
 * times for the docs, never asserted.
 */
class HostileInputTest {
    @TempDir Path dir;

    static int cases(int n) {
        return (int) Math.max(1, n * Double.parseDouble(System.getProperty("hostile.scale", "1")));
    }

    static String fixture(String name) {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs every case, collects the defects, fails with the first few (family, seed, why). */
    private void family(String name, int n, CaseBody body) throws IOException {
        Harness.STATUSES.get().clear();
        Harness.CPU.get().set(0L);
        List<String> defects = new ArrayList<>();
        long t0 = System.nanoTime();
        java.util.TreeMap<Long, Long> slowest = new java.util.TreeMap<>();
        for (int i = 0; i < n && defects.size() < 5; i++) {
            long seed = name.hashCode() * 1_000_003L + i;
            Path d = Files.createDirectories(dir.resolve(name + "-" + i));
            long c0 = System.nanoTime();
            String why = body.run(new Gen(seed), d);
            slowest.put((System.nanoTime() - c0) / 1_000_000 * 1000 + (i % 1000), seed);
            if (slowest.size() > 3) slowest.pollFirstEntry();
            if (why != null) {
                defects.add(name + " seed " + seed + ": " + why);
                keep(name, seed, d);
            }
            if (why == null) deleteTree(d);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("hostile " + name + ": " + n + " cases in " + ms + " ms (" + Harness.CPU.get().get() / 1_000_000 + " ms CPU), exits " + Harness.STATUSES.get()
                + ", slowest (ms*1000+i=seed) " + slowest.descendingMap());
        assertTrue(defects.isEmpty(), String.join("\n", defects));
        // the generators must reach both sides: inputs that are accepted and inputs that are refused
        if (n >= 100) {
            assertTrue(Harness.STATUSES.get().getOrDefault(0, 0) > 0, name + ": no case was accepted " + Harness.STATUSES.get());
            assertTrue(Harness.STATUSES.get().getOrDefault(2, 0) > 0, name + ": no case was refused " + Harness.STATUSES.get());
        }
    }

    interface CaseBody {
        String run(Gen g, Path d) throws IOException;
    }

    private static void keep(String family, long seed, Path d) throws IOException {
        Path to = Path.of("target", "hostile-failures", family + "-" + seed);
        Files.createDirectories(to);
        try (var w = Files.walk(d)) { // a damaged repository too, whole
            for (Path f : w.toList()) {
                Path t = to.resolve(d.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (var s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    // ---- C text: layout --file ----------------------------------------------------------------

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void cHeadersInLayoutFile() throws IOException {
        family("layout-file", cases(2000), (g, d) -> {
            Files.write(d.resolve("h.h"), g.headerBytes());
            List<String> args = new ArrayList<>(List.of("layout", "--file", "h.h"));
            if (g.chance(20)) args.addAll(List.of("--format", g.pick(new String[] {"json", "pahole", "text"})));
            if (g.chance(15)) args.addAll(List.of("--abi", "ilp32"));
            if (g.chance(10)) args.add("--reorganize");
            if (g.chance(10)) args.add("-DCONFIG_X=" + g.number());
            return Harness.judge(Harness.run(d, args), "h.h");
        });
    }

    // ---- gcc as the oracle for sizes, widths and alignments ------------------------------------

    /** Whether gcc refuses {@code h} (with the prelude our headers see) for the ABI; null when gcc cannot run. */
    static Boolean gccRefuses(Path d, Path h, boolean ilp32) throws IOException {
        Path pre = d.resolve("prelude.h");
        if (!Files.exists(pre)) Files.writeString(pre, memdesc.layout.CHeader.preludeSource());
        List<String> cmd = new ArrayList<>(List.of("gcc", "-fsyntax-only", "-x", "c", "-include", pre.toString()));
        if (ilp32) cmd.add("-m32");
        cmd.add(h.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (out.contains("stubs-32.h") || out.contains("No such file")) return null; // no 32-bit headers
            return rc != 0;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** One oracle case: its text (tag {@code w<i>}), ABI, our exit status and the size and alignment we gave. */
    private record Judged(long seed, String text, boolean ilp32, int status, long size, long align, String err) { }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("^(?:struct|union) w\\d+: size (\\d+), align (\\d+)");
    /** Where the engine stops by design (positions in bits): gcc goes on to 2^63-1 bytes. */
    private static final java.util.regex.Pattern OWN_LIMIT = java.util.regex.Pattern.compile("error: type '(struct|union) w\\d+' is too large");

    /**
     * Laid out by us in-process, then judged by gcc: each batch of cases is one translation unit (one gcc run,
     * so the family costs little more than its layouts), every case a struct of its own tag, and for each
     * case we accept a _Static_assert of the size and alignment we gave. A case gcc refuses (an error on its
     * lines) that we accept, a size or alignment gcc disagrees with, or a case gcc accepts that we refuse
     * (past the engine's own documented limit) is a defect.
     */
    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void sizesWidthsAndAlignmentsAsGccJudgesThem() throws IOException {
        Path probe = Files.writeString(dir.resolve("probe.h"), "struct p { int x; };\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(gccRefuses(dir, probe, false) == Boolean.FALSE, "no gcc here: the oracle family is skipped");
        boolean m32 = gccRefuses(dir, probe, true) == Boolean.FALSE;
        String name = "gcc-oracle";
        int n = cases(2000);
        Harness.STATUSES.get().clear();
        Harness.CPU.get().set(0L);
        List<String> defects = new ArrayList<>();
        long t0 = System.nanoTime();
        int stricter = 0, batches = 0;
        Path d = Files.createDirectories(dir.resolve(name));
        for (int from = 0; from < n && defects.size() < 5; from += 250) {
            List<Judged> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 250); i++) {
                long seed = name.hashCode() * 1_000_003L + i;
                Gen g = new Gen(seed);
                String text = g.wellFormed().replaceFirst("^(struct|union) w ", "$1 w" + i + " ");
                boolean ilp32 = m32 && g.chance(25);
                Files.writeString(d.resolve("h.h"), text);
                Harness.Result r = Harness.run(d, ilp32 ? List.of("layout", "--abi", "ilp32", "--file", "h.h") : List.of("layout", "--file", "h.h"));
                String why = Harness.judge(r, "h.h");
                if (why != null) defects.add(name + " seed " + seed + ": " + why + "\n" + text);
                java.util.regex.Matcher m = SIZE.matcher(r.out());
                boolean sized = r.status() == 0 && m.find();
                batch.add(new Judged(seed, text, ilp32, r.status(), sized ? Long.parseLong(m.group(1)) : -1, sized ? Long.parseLong(m.group(2)) : -1, r.err().strip()));
            }
            for (boolean ilp32 : new boolean[] {false, true}) {
                List<Judged> tu = batch.stream().filter(j -> j.ilp32() == ilp32).toList();
                if (tu.isEmpty()) continue;
                batches++;
                java.util.Set<Integer> refused = gccBatch(d, tu, ilp32);
                for (int k = 0; k < tu.size(); k++) {
                    Judged j = tu.get(k);
                    boolean gccRefuses = refused.contains(k);
                    if (gccRefuses && j.status() == 0) {
                        defects.add(name + " seed " + j.seed() + ": gcc refuses what layout accepts (or another size/alignment: "
                                + j.size() + "/" + j.align() + (ilp32 ? ", ilp32" : "") + "):\n" + j.text());
                    } else if (!gccRefuses && j.status() != 0) {
                        stricter++;
                        if (!OWN_LIMIT.matcher(j.err()).find()) {
                            defects.add(name + " seed " + j.seed() + ": gcc accepts what layout refuses" + (ilp32 ? " (ilp32)" : "") + ": " + j.err() + "\n" + j.text());
                        }
                    }
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("hostile " + name + ": " + n + " cases in " + ms + " ms (" + Harness.CPU.get().get() / 1_000_000 + " ms CPU), exits "
                + Harness.STATUSES.get() + ", " + batches + " gcc runs, refused where gcc accepts (the engine's 2^60-byte limit): " + stricter);
        assertTrue(defects.isEmpty(), String.join("\n", defects));
        assertTrue(Harness.STATUSES.get().getOrDefault(0, 0) > 0 && Harness.STATUSES.get().getOrDefault(2, 0) > 0, "oracle: " + Harness.STATUSES.get());
    }

    /**
     * Compiles {@code cases} as one translation unit with gcc (our prelude first) and returns the indexes of
     * the cases gcc refuses: an error on one of a case's lines, its own or its static asserts'.
     */
    private static java.util.Set<Integer> gccBatch(Path d, List<Judged> cases, boolean ilp32) throws IOException {
        Path pre = d.resolve("prelude.h");
        if (!Files.exists(pre)) Files.writeString(pre, memdesc.layout.CHeader.preludeSource());
        StringBuilder tu = new StringBuilder();
        List<Integer> firstLine = new ArrayList<>();
        int line = 1;
        for (Judged j : cases) {
            firstLine.add(line);
            String text = j.text() + (j.text().endsWith("\n") ? "" : "\n");
            if (j.status() == 0 && j.size() >= 0) {
                String tag = j.text().replaceAll("(?s)^\\s*(struct|union) (w\\d+).*", "$1 $2");
                text += "_Static_assert(sizeof(" + tag + ") == " + j.size() + "UL && _Alignof(" + tag + ") == " + j.align() + ", \"size\");\n";
            }
            tu.append(text);
            line += (int) text.chars().filter(ch -> ch == '\n').count();
        }
        firstLine.add(line);
        Path f = Files.writeString(d.resolve(ilp32 ? "batch32.c" : "batch.c"), tu);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-fsyntax-only", "-fmax-errors=0", "-w", "-x", "c", "-include", pre.toString()));
        if (ilp32) cmd.add("-m32");
        cmd.add(f.toString());
        String out;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        java.util.Set<Integer> refused = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(f.toString()) + ":(\\d+):\\d+: error:").matcher(out);
        while (m.find()) {
            int l = Integer.parseInt(m.group(1));
            int k = java.util.Collections.binarySearch(firstLine, l);
            refused.add(k >= 0 ? k : -k - 2);
        }
        return refused;
    }

    // ---- C text in define: ---------------------------------------------------------------------

    static final String GOOD = "/fixtures/good.yaml";
    private static final String FOLIO_DEFINE = "          c: |\n            struct folio {\n";

    /** good.yaml with the index-uses step's define: C text replaced by {@code c}, as a literal block. */
    static String withDefine(String c) {
        String y = fixture(GOOD);
        int at = y.indexOf(FOLIO_DEFINE);
        int end = y.indexOf("            };\n", at) + "            };\n".length();
        StringBuilder block = new StringBuilder("          c: |\n");
        for (String l : c.split("\n", -1)) block.append("            ").append(l.replace("\r", "")).append('\n');
        return y.substring(0, at) + block + y.substring(end);
    }

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void cTextInDefine() throws IOException {
        family("define", cases(2000), (g, d) -> {
            String c = g.header().replace("struct s", "struct folio_").replaceFirst("struct folio_\\d+", "struct folio");
            if (!c.contains("struct folio")) c = c + "\nstruct folio { unsigned long flags; };";
            Files.writeString(d.resolve("r.yaml"), withDefine(c));
            Harness.Result v = Harness.run(d, List.of("validate", "r.yaml"));
            String why = Harness.judge(v, "r.yaml");
            if (why != null || !g.chance(25)) return why;
            return Harness.judge(Harness.run(d, List.of("layout", "--roadmap", "r.yaml", "index-uses")), "r.yaml");
        });
    }

    // ---- roadmaps ------------------------------------------------------------------------------

    static final String[] VALUES = {"_", "\"\"", "~", "&a x", "*a", "!!binary eA==", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]", "{a: {b: {c: {}}}}",
        "-1", "99999999999999999999", "page.nothere", "page", "struct page", ".", "é", "0x10", "1e400", "true", "[]", "{}",
        "page..lru", "folio.index", "\"\\u0000\"", "'", "\"", "|", ">", "- x", "? x", "%YAML 1.1", "---", "...", "@x", "`x`",
        "[lru-uses, lru-uses]", "[_]", "[btrfs-back]", "lru-uses", "0", "16", "15", "-0", "null"};

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void roadmaps() throws IOException {
        String base = fixture(GOOD);
        family("roadmap", cases(2000), (g, d) -> {
            List<String> lines = new ArrayList<>(List.of(base.split("\n", -1)));
            int times = 1 + g.below(3);
            for (int k = 0; k < times; k++) {
                int i = g.below(lines.size());
                String l = lines.get(i);
                switch (g.below(7)) {
                    case 0 -> lines.remove(i);
                    case 1 -> lines.add(i, l);
                    case 2 -> {
                        int colon = l.indexOf(": ");
                        if (colon > 0) lines.set(i, l.substring(0, colon + 2) + g.pick(VALUES));
                    }
                    case 3 -> lines.set(i, l.replaceFirst("^( *)", "$1" + (g.chance(50) ? "\t" : "  ")));
                    case 4 -> lines.set(i, g.damage(l));
                    case 5 -> lines.add(i, "  - id: " + g.pick(VALUES) + "\n    title: t\n    phase: later\n    source: {seed: s.txt, section: x}\n    changes: [{enable: [btrfs]}]");
                    default -> lines.set(i, l.replaceAll("[a-z]", g.pick(new String[] {"x", "_", "-", "é", " "})));
                }
            }
            Files.writeString(d.resolve("r.yaml"), String.join("\n", lines));
            String cmd = g.pick(new String[] {"validate", "validate", "validate", "steps", "show"});
            List<String> args = switch (cmd) {
                case "show" -> List.of("show", g.pick(new String[] {"1", "_", "lru-uses", "baseline", "99"}), "r.yaml");
                default -> List.of(cmd, "r.yaml");
            };
            // a step named on the command line that the file lacks is a command-line error, not a file position
            return Harness.judge(Harness.run(d, args), cmd.equals("show") ? null : "r.yaml");
        });
    }

    // ---- kpageflags dumps ----------------------------------------------------------------------

    static final long[] FLAG_WORDS = {0, 1L << 10, (1L << 10) | (1L << 5), 1L << 15 | 1L << 17, 1L << 16, 1L << 7, 1L << 20,
        1L << 22, -1L, 1L << 63, 1L << 25 | 1L << 15, 1L << 11 | 1L << 12, 1L << 14, 1L << 19, 1L << 24};

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void kpageflagsDumps() throws IOException {
        family("kpageflags", cases(2000), (g, d) -> {
            int words = g.chance(5) ? 0 : g.below(4000);
            ByteBuffer b = ByteBuffer.allocate(words * 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < words; k++) {
                long w = g.chance(80) ? FLAG_WORDS[g.below(FLAG_WORDS.length)] : g.r.nextLong();
                if (g.chance(30)) w |= FLAG_WORDS[g.below(FLAG_WORDS.length)];
                b.putLong(w);
            }
            int len = words * 8 + (g.chance(5) ? 1 + g.below(7) : 0);
            Files.write(d.resolve("f.bin"), java.util.Arrays.copyOf(b.array(), len));
            List<String> args = new ArrayList<>(List.of("cost", "--kpageflags", d.resolve("f.bin").toString()));
            if (g.chance(40)) {
                int cw = g.chance(80) ? words : g.below(4000);
                ByteBuffer c = ByteBuffer.allocate(cw * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < cw; k++) c.putLong(g.chance(90) ? g.below(4) : g.r.nextLong());
                Files.write(d.resolve("c.bin"), c.array());
                args.addAll(List.of("--kpagecount", d.resolve("c.bin").toString()));
            }
            if (g.chance(20)) args.addAll(List.of("--format", g.pick(new String[] {"json", "csv", "text"})));
            return Harness.judge(Harness.run(d, args), null);
        });
    }

    // ---- mix files -----------------------------------------------------------------------------

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void mixFiles() throws IOException {
        String[] kinds = {"file", "anon", "slab", "pagetable", "zsmalloc", "pagepool", "buddy", "kernel", "nope", "_", "é", "[]"};
        family("mix", cases(2000), (g, d) -> {
            StringBuilder y = new StringBuilder();
            if (!g.chance(5)) y.append("name: ").append(g.chance(80) ? "box" : g.pick(VALUES)).append('\n');
            if (g.chance(20)) y.append("source: ").append(g.pick(VALUES)).append('\n');
            if (!g.chance(5)) {
                y.append("fractions:\n");
                int n = g.below(6);
                double left = 1;
                for (int k = 0; k < n; k++) {
                    double f = k == n - 1 && g.chance(70) ? left : g.r.nextDouble() * left;
                    left -= f;
                    String order = g.chance(85) ? Integer.toString(g.below(20)) : g.pick(VALUES);
                    String frac = g.chance(90) ? Double.toString(f) : g.pick(VALUES);
                    if (g.chance(50)) y.append("  - {kind: ").append(g.pick(kinds)).append(", order: ").append(order).append(", fraction: ").append(frac).append("}\n");
                    else y.append("  - kind: ").append(g.pick(kinds)).append("\n    order: ").append(order).append("\n    fraction: ").append(frac).append('\n');
                }
            }
            Files.writeString(d.resolve("m.yaml"), g.damage(y.toString()));
            String m = d.resolve("m.yaml").toString(); // cost resolves its files against the process's directory
            return Harness.judge(Harness.run(d, List.of("cost", "--mix", m, "baseline")), m);
        });
    }

    // ---- command-line values -------------------------------------------------------------------

    static final String[] ARGS = {"", "-", "--", "_", "0", "-1", "99999999999", "baseline", "é", "%n", "${x}", "a b",
        "x".repeat(5000), "--help", "lru-uses", "page", "folio", "struct page", "page.lru", "1", "22", "json", "csv", "pahole",
        "text", "ilp32", "lp64", "--format", "--abi", "--nodes", "--mix", "thp", "idle", "-D", "-DX", "-D1=2", "--file",
        "/dev/null", "/", ".", "nope.yaml", "--roadmap", "--guest", "--reorganize", "-2147483648", "1e9", "0x10"};

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void commandLineValues() throws IOException {
        String[][] commands = {{"layout"}, {"show"}, {"steps"}, {"validate"}, {"cost"}, {"layout", "--file", "/dev/null"},
            {"cost", "--nodes"}, {"show", "--roadmap"}, {"help"}, {"layout", "-D"}};
        family("cmdline", cases(2000), (g, d) -> {
            List<String> args = new ArrayList<>(List.of(commands[g.below(commands.length)]));
            int n = g.below(4);
            for (int k = 0; k < n; k++) args.add(g.pick(ARGS));
            return Harness.judge(Harness.run(d, args), null);
        });
    }

    // ---- kernel repositories -------------------------------------------------------------------

    /** A small repository made with JGit: {@code lines} counted lines, loose objects or (packed) one pack. */
    static void makeRepo(Path d, int lines, boolean packed) throws Exception {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(d.toFile()).setInitialBranch("main").call()) {
            Files.writeString(d.resolve("mm.c"), "int f(struct page *page) { return page->index; }\n".repeat(lines));
            Files.createDirectories(d.resolve("fs"));
            Files.writeString(d.resolve("fs/a.h"), "#define X page->mapping\n");
            git.add().addFilepattern(".").call();
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("t", "t@example.org");
            git.commit().setMessage("one").setAuthor(who).setCommitter(who).call();
            if (packed) git.gc().call();
        }
    }

    /** What progress reads of a repository: its .git without the work tree, the index, logs and hooks. */
    private static boolean needed(Path rel) {
        String r = rel.toString().replace('\\', '/');
        return r.isEmpty() || r.equals(".git") || r.startsWith(".git/") && !r.equals(".git/index") && !r.startsWith(".git/logs")
                && !r.startsWith(".git/hooks");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var w = Files.walk(from)) {
            for (Path p : w.filter(p -> needed(from.relativize(p))).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * A copy of one of {@code bases} (repositories made once with JGit: making one per case would cost more
     * than the case), then damaged the way a disk, a bad copy or a hostile user does.
     */
    static void damagedRepo(Gen g, Path d, List<Path> bases) throws Exception {
        copyTree(bases.get(g.below(bases.size())), d);
        Path objects = d.resolve(".git/objects");
        List<Path> loose = new ArrayList<>();
        try (var w = Files.walk(objects)) {
            w.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}")).forEach(loose::add);
        }
        switch (g.below(7)) {
            case 0 -> { // a loose object's zlib stream damaged
                if (!loose.isEmpty()) {
                    Path o = loose.get(g.below(loose.size()));
                    byte[] b = Files.readAllBytes(o);
                    o.toFile().setWritable(true);
                    for (int k = 0; k < 1 + g.below(4); k++) b[g.below(b.length)] ^= (byte) (1 + g.below(255));
                    Files.write(o, b);
                }
            }
            case 1 -> { // a loose object claiming an absurd size, in place of a real one
                if (!loose.isEmpty()) {
                    Path o = loose.get(g.below(loose.size()));
                    java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
                    try (var z = new java.util.zip.DeflaterOutputStream(bo)) {
                        z.write(("blob " + g.pick(new String[] {"99999999999999", "-1", "x", "18446744073709551615", "2147483648"}) + "\0abc")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    o.toFile().setWritable(true);
                    Files.write(o, bo.toByteArray());
                }
            }
            case 2 -> { // a garbage pack and index
                Path pack = Files.createDirectories(objects.resolve("pack"));
                byte[] junk = new byte[g.below(4096)];
                g.r.nextBytes(junk);
                String name = "pack-" + "0123456789abcdef0123456789abcdef01234567";
                Files.write(pack.resolve(name + ".pack"), g.chance(50) ? junk : ("PACK" + new String(junk, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
                Files.write(pack.resolve(name + ".idx"), junk);
            }
            case 3 -> { // alternates: itself, a missing directory, a loop through another
                Path info = Files.createDirectories(objects.resolve("info"));
                Files.writeString(info.resolve("alternates"), g.pick(new String[] {objects.toString(), "/nonexistent/objects", ".", "../objects", objects + "\n" + objects}) + "\n");
            }
            case 4 -> { // HEAD or a ref damaged
                Path f = g.chance(50) ? d.resolve(".git/HEAD") : d.resolve(".git/refs/heads/main");
                if (Files.exists(f)) Files.writeString(f, g.pick(new String[] {"", "ref: refs/heads/nowhere\n", "0000000000000000000000000000000000000000\n", "garbage\n", "ref: ref: ref:\n"}));
            }
            case 5 -> { // a random file of .git truncated
                List<Path> all = new ArrayList<>();
                try (var w = Files.walk(d.resolve(".git"))) {
                    w.filter(Files::isRegularFile).forEach(all::add);
                }
                Path f = all.get(g.below(all.size()));
                f.toFile().setWritable(true);
                byte[] b = Files.readAllBytes(f);
                Files.write(f, java.util.Arrays.copyOf(b, g.below(b.length + 1)));
            }
            default -> { } // undamaged: counts as ever
        }
    }

    @Test @org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) void kernelRepositories() throws IOException {
        List<Path> bases = new ArrayList<>();
        for (int lines : new int[] {1, 7, 20}) {
            for (boolean packed : new boolean[] {false, true}) {
                Path b = Files.createDirectories(dir.resolve("base-" + lines + (packed ? "-packed" : "")));
                try {
                    makeRepo(b, lines, packed);
                } catch (Exception e) {
                    throw new IOException(e);
                }
                bases.add(b);
            }
        }
        family("repo", cases(2000), (g, d) -> {
            Path repo = Files.createDirectories(d.resolve("k"));
            try {
                damagedRepo(g, repo, bases);
            } catch (Exception e) {
                return null; // JGit itself could not make the fixture: not a case
            }
            // never the user's cache; a cache of this case's own (empty at first) now and then
            List<String> args = new ArrayList<>(List.of("progress", "--repo", repo.toString(), "--probe", "index=page->index", "--threads", "1",
                    g.chance(80) ? "--no-cache" : "--cache=" + d.resolve("cache")));
            if (g.chance(50)) args.addAll(List.of("--refs", g.pick(new String[] {"HEAD", "main", "main,HEAD", "nowhere", "HEAD~5"})));
            return Harness.judge(Harness.run(d, args), null);
        });
    }
}
