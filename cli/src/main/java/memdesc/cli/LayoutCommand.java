package memdesc.cli;

import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.KernelLayout;
import memdesc.layout.LayoutFormat;
import memdesc.layout.StructLayout;
import memdesc.build.BuildCheck;
import memdesc.steps.InputException;
import memdesc.steps.Names;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.StructDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code memdesc layout [STEP] [STRUCT...]} lays out a roadmap state's structs;
 * {@code memdesc layout --file FILE.h [-D NAME[=VALUE]]... [STRUCT...]} any header: as gcc makes them.
 */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = {"Lay out a roadmap state's structs, or a C header's, as gcc does.",
            "Without --file: the structs of STEP (default: the last state). x86_64 or i386;"
                    + " a table, pahole's format or JSON; --reorganize suggests an order with fewer holes.",
            "Several --file options are parsed in order, each seeing the types of the ones before."})
public final class LayoutCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE.h", description = "C header to lay out (repeatable)")
    List<Path> files = new ArrayList<>();

    @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "define a macro, as gcc -D (e.g. -DCONFIG_MEMCG)")
    List<String> defines = new ArrayList<>();

    @Option(names = "--abi", paramLabel = "lp64|ilp32", defaultValue = "lp64", description = "lp64 (x86_64, default) or ilp32 (i386)")
    String abi;

    @Option(names = "--format", paramLabel = "text|pahole|json", description = "output format (default text; pahole with --kernel)")
    String format;

    @Option(names = "--kernel", paramLabel = "PATH[@REF]",
            description = "lay out STRUCTs from a kernel tree: a git repository at REF (default HEAD) or a source directory")
    String kernel;

    @Option(names = "--config", paramLabel = "FILE", description = "with --kernel: the kernel .config (default: a documented x86_64 set)")
    Path config;

    @Option(names = "--emit-c", description = "with --kernel: print the C the structs were laid out from (the tree's declarations "
            + "they need, macros expanded), which gcc -g and pahole can check")
    boolean emitC;

    @Option(names = "--reorganize", description = "suggest a member order with fewer holes (top-level members only)")
    boolean reorganize;

    @Parameters(paramLabel = "[STEP] STRUCT", arity = "0..*",
            description = "without --file: a step id or number (default: the last state), then structs; "
                    + "with --file: structs (default: every struct in the last file)")
    List<String> names = new ArrayList<>();

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @Option(names = "--diff", description = "compare two sources: the first two names are states (step id or number),"
            + " header files (a path ending in .h) or kernel trees (PATH@REF, or a directory), then the structs to compare"
            + " (default: all; for a kernel tree page, folio, slab, ptdesc, zpdesc, netmem_desc); --format text|md|json")
    boolean diff;

    @Override
    public Integer call() {
        Abi a = abi(abi);
        if (kernel != null) return kernel(a, style(format == null ? "pahole" : format));
        if (config != null) throw new InputException("memdesc layout: --config goes with --kernel");
        if (diff) return diff(a);
        LayoutFormat.Style style = style(format == null ? "text" : format);
        if (files.isEmpty()) return state(a, style);
        Map<String, String> defs = defines(defines);
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        for (Path f : files) sources.add(Map.entry(f.toString(), read(Main.cwd().resolve(f), f)));
        CHeader h = CHeader.parseAll(sources, a, defs);
        if (names.isEmpty() && h.structs().isEmpty()) {
            // located at the end of the last file: where a definition was still expected
            String text = sources.get(sources.size() - 1).getValue();
            int line = 1 + (int) text.chars().filter(ch -> ch == '\n').count();
            int col = 1 + text.length() - (text.lastIndexOf('\n') + 1);
            throw InputException.at(h.fileName(), line, col, "no struct or union definitions"
                    + (text.isBlank() ? " (the file is empty)" : ""));
        }
        List<StructLayout> structs = select(h, names);
        PrintWriter w = style == LayoutFormat.Style.TEXT ? spec.commandLine().getOut() : FitWriter.unwrapped(spec.commandLine().getOut());
        w.print(LayoutFormat.render(h, structs, style, reorganize));
        w.flush();
        return 0;
    }

    /** Structs straight from a kernel tree ({@link KernelLayout}); facts and warnings go to stderr. */
    private int kernel(Abi a, LayoutFormat.Style style) {
        if (!files.isEmpty() || !defines.isEmpty()) throw new InputException("memdesc layout: --kernel takes neither --file nor -D (use --config)");
        if (names.isEmpty()) throw new InputException("memdesc layout: --kernel needs the structs to lay out (e.g. page folio slab)");
        KernelLayout.Result r = KernelInput.layout(kernel, config, names, a);
        // pahole's format (the default here) and C are compared with other tools' output: never wrapped
        PrintWriter w = style == LayoutFormat.Style.TEXT && !emitC ? spec.commandLine().getOut() : FitWriter.unwrapped(spec.commandLine().getOut());
        if (emitC) for (KernelLayout.Entry en : r.structs()) w.print("/* ---- struct " + en.name() + " from " + en.file() + " */\n" + en.source());
        else w.print(KernelInput.render(r, style, reorganize));
        w.flush();
        PrintWriter e = spec.commandLine().getErr();
        for (String f : r.facts()) e.println("memdesc layout: fact: " + f);
        for (String x : r.warnings()) e.println(x);
        e.flush();
        return 0;
    }

    /** A roadmap state's structs: the state must build; its structs are parsed in roadmap order. */
    private int state(Abi a, LayoutFormat.Style style) {
        if (!defines.isEmpty()) throw new InputException("memdesc layout: -D goes with --file (a state's config comes from the roadmap)");
        Roadmap r = roadmapOption.load();
        List<String> structs = new ArrayList<>(names);
        int index = r.steps().size();
        if (!structs.isEmpty() && isStep(r, structs.get(0))) index = r.resolve(structs.remove(0));
        State st = r.states().get(index);
        BuildCheck.Result built = BuildCheck.check(r, st);
        if (built.layouts().lp64().isEmpty()) {
            built.diagnostics().forEach(d -> spec.commandLine().getErr().println(d));
            return Main.CHECK_FAILED;
        }
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        for (StructDef d : st.structs().values()) sources.add(Map.entry(d.name(), d.c()));
        CHeader h = CHeader.parseAll(sources, a, st.config());
        List<StructLayout> out = new ArrayList<>();
        if (structs.isEmpty()) for (StructDef d : st.structs().values()) out.add(h.require(d.name()));
        else for (String n : structs) {
            if (st.struct(n) == null && h.struct(n).isEmpty())
                throw new InputException("memdesc layout: no struct '" + n + "' in state " + st.index() + " (" + st.stepId() + ")"
                        + Names.didYouMean(n, st.structs().keySet()));
            out.add(h.require(n));
        }
        PrintWriter w = style == LayoutFormat.Style.TEXT ? spec.commandLine().getOut() : FitWriter.unwrapped(spec.commandLine().getOut());
        // a C comment names the state in text and pahole output; JSON has no comments (it would not parse)
        if (style != LayoutFormat.Style.JSON)
            w.println("/* state " + st.index() + " (" + st.stepId() + "), " + a.name().toLowerCase(Locale.ROOT) + " */");
        w.print(LayoutFormat.render(h, out, style, reorganize));
        w.flush();
        return 0;
    }

    /** {@code --diff A B [STRUCT...]}: the codiff-style delta of the structs of two sources. */
    private int diff(Abi a) {
        if (!files.isEmpty()) throw new InputException("memdesc layout --diff: name the two sources as arguments (a state or a FILE.h), not with --file");
        if (kernel != null) throw new InputException("memdesc layout --diff: name a kernel tree as a source argument, PATH@REF, not with --kernel");
        if (reorganize) throw new InputException("memdesc layout --diff: --reorganize does not go with --diff");
        if (names.size() < 2) throw new InputException("memdesc layout --diff: needs two sources (a state or a FILE.h each), then structs");
        String fmt = (format == null ? "text" : format).toLowerCase(Locale.ROOT);
        if (!List.of("text", "md", "json").contains(fmt)) throw new InputException("memdesc layout --diff: unknown --format '" + format + "' (text, md or json)");
        Map<String, String> defs = defines(defines);
        List<String> wanted = names.subList(2, names.size());
        Map<String, StructLayout> before = source(names.get(0), a, defs, wanted);
        Map<String, StructLayout> after = source(names.get(1), a, defs, wanted);
        java.util.Set<String> all = new java.util.LinkedHashSet<>(after.keySet());
        all.addAll(before.keySet());
        for (String n : wanted)
            if (!all.contains(n)) throw new InputException("memdesc layout --diff: neither " + names.get(0) + " nor " + names.get(1)
                    + " defines struct '" + n + "'" + Names.didYouMean(n, all));
        List<memdesc.delta.StructDelta> ds = new ArrayList<>();
        for (String n : wanted.isEmpty() ? all : wanted) {
            memdesc.delta.StructDelta d = memdesc.delta.StructDelta.between(n, before.get(n), after.get(n));
            if (d.changed() || !wanted.isEmpty()) ds.add(d);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(switch (fmt) {
            case "md" -> memdesc.delta.DeltaText.structsMarkdown(ds);
            case "json" -> memdesc.delta.DeltaText.structsJson(ds);
            default -> memdesc.delta.DeltaText.structs(ds, DeltaOptions.width());
        });
        w.flush();
        return 0;
    }

    /** A diff source: a header file (a path that ends in .h), or a state of the roadmap. */
    private Map<String, StructLayout> source(String name, Abi a, Map<String, String> defs, List<String> wanted) {
        Map<String, StructLayout> out = new LinkedHashMap<>();
        if (name.contains("@") || java.nio.file.Files.isDirectory(Main.cwd().resolve(name))) {
            // a kernel tree (git at REF, or a source directory): the structs named, else the Path's own
            List<String> structs = new ArrayList<>(wanted.isEmpty() ? KERNEL_DEFAULT : wanted);
            memdesc.layout.SourceTree t = KernelInput.tree(name);
            try {
                structs.removeIf(n -> memdesc.layout.KernelLayout.locate(t, n) == null);
                if (!structs.isEmpty())
                    for (memdesc.layout.KernelLayout.Entry e : memdesc.layout.KernelLayout.layout(t, structs, a, KernelInput.config(config)).structs())
                        out.put(e.name(), e.layout());
            } finally {
                if (t instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // read-only: nothing to lose
                    }
                }
            }
            return out;
        }
        if (name.endsWith(".h")) {
            Path f = Path.of(name);
            CHeader h = CHeader.parseAll(List.of(Map.entry(f.toString(), read(Main.cwd().resolve(f), f))), a, defs);
            for (StructLayout l : h.structs()) out.put(l.name(), l);
            return out;
        }
        Roadmap r = roadmapOption.load();
        if (!isStep(r, name)) throw new InputException("memdesc layout --diff: '" + name + "' is neither a state of " + r.file()
                + " nor a header file (FILE.h)" + Names.didYouMean(name, r.steps().stream().map(memdesc.steps.Step::id).toList()));
        State st = r.states().get(r.resolve(name));
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        for (StructDef d : st.structs().values()) sources.add(Map.entry(d.name(), d.c()));
        Map<String, String> cfg = new LinkedHashMap<>(st.config());
        cfg.putAll(defs);
        CHeader h = CHeader.parseAll(sources, a, cfg);
        for (StructDef d : st.structs().values()) out.put(d.name(), h.require(d.name()));
        return out;
    }

    private static boolean isStep(Roadmap r, String s) {
        if (s.equals("baseline") || s.equals("0")) return true;
        if (s.chars().allMatch(Character::isDigit)) return true;
        return r.step(s).isPresent();
    }

    /** What layout --diff compares of a kernel tree when no struct is named. */
    static final List<String> KERNEL_DEFAULT = List.of("page", "folio", "slab", "ptdesc", "zpdesc", "netmem_desc");

    /** Largest header --file reads: kernel headers are tens of KiB; a file that never ends stops here. */
    static final long MAX_HEADER_BYTES = 16L << 20;

    static String read(Path f, Path shown) {
        return memdesc.steps.InputFile.read(f, shown.toString(), MAX_HEADER_BYTES, "C header");
    }

    static Abi abi(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "lp64", "x86_64", "x86-64", "amd64" -> Abi.LP64;
            case "ilp32", "i386", "x86", "x86_32" -> Abi.ILP32;
            default -> throw new InputException("memdesc layout: unknown --abi '" + s + "' (lp64 or ilp32)");
        };
    }

    static LayoutFormat.Style style(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "text" -> LayoutFormat.Style.TEXT;
            case "pahole" -> LayoutFormat.Style.PAHOLE;
            case "json" -> LayoutFormat.Style.JSON;
            default -> throw new InputException("memdesc layout: unknown --format '" + s + "' (text, pahole or json)");
        };
    }

    /** -D NAME[=VALUE] as gcc takes them; NAME alone means 1. */
    static Map<String, String> defines(List<String> ds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : ds) {
            int eq = d.indexOf('=');
            String name = eq < 0 ? d : d.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new InputException("memdesc layout: bad -D '" + d + "'");
            out.put(name, eq < 0 ? "1" : d.substring(eq + 1));
        }
        return out;
    }

    /** The named structs, or all of the header's own; an unknown name is bad input. */
    static List<StructLayout> select(CHeader h, List<String> names) {
        if (names.isEmpty()) {
            List<StructLayout> all = h.structs();
            if (all.isEmpty()) throw new InputException(h.fileName() + ": error: no struct or union definitions");
            return all;
        }
        List<StructLayout> out = new ArrayList<>();
        for (String n : names) out.add(h.require(n));
        return out;
    }
}
