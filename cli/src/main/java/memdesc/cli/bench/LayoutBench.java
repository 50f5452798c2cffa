package memdesc.cli.bench;

import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.LayoutFormat;
import memdesc.layout.StructLayout;
import memdesc.steps.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Parses and lays out the roadmap baseline's v6.12 structs (page, folio, ptdesc, slab,
 * freelist_aba_t and the Path's proposed folio and 32/32/16/8-byte pages) pass after pass,
 * and prints the first (cold) pass and the warm passes.
 */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = "Time parsing + laying out the baseline's v6.12 structs and the proposed ones (cold first pass, then warm passes).")
public final class LayoutBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--passes", defaultValue = "300", description = "warm passes (default 300)")
    int passes;

    @Option(names = "--pahole", description = "also render every struct in pahole format in each pass")
    boolean pahole;

    private static final Map<String, String> X86_64 = Map.of("CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1",
        "CONFIG_HAVE_ALIGNED_STRUCT_PAGE", "1", "CONFIG_SLUB_CPU_PARTIAL", "1");

    /** One pass: every header parsed from text, every struct laid out; returns the structs. */
    private List<StructLayout> pass(List<Map.Entry<String, String>> kernel, String proposed, StringBuilder sink) {
        List<StructLayout> out = new ArrayList<>();
        CHeader k = CHeader.parseAll(kernel, Abi.LP64, X86_64);
        for (String n : List.of("page", "folio", "ptdesc", "slab", "freelist_aba_t")) out.add(k.require(n));
        if (pahole) for (StructLayout s : out) sink.append(LayoutFormat.pahole(k, s));
        for (String which : List.of("PAGE32", "PAGE32_OLD", "PAGE16", "PAGE8")) {
            CHeader p = CHeader.parse("proposed.h", proposed, Abi.LP64, Map.of(which, "1"));
            for (StructLayout s : p.structs()) {
                out.add(s);
                if (pahole) sink.append(LayoutFormat.pahole(p, s));
            }
        }
        return out;
    }

    @Override
    public Integer call() {
        if (passes < 1) throw new InputException("memdesc bench layout: --passes must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        // the v6.12 structs as the built-in roadmap's baseline states them
        List<Map.Entry<String, String>> kernel = new ArrayList<>();
        for (memdesc.steps.StructDef d : memdesc.steps.RoadmapLoader.bundled().baseline().structs().values())
            kernel.add(Map.entry(d.name(), d.c()));
        String proposed = CHeader.bundledSource("proposed.h");
        long bytes = proposed.length();
        for (var e : kernel) bytes += e.getValue().length();
        StringBuilder sink = new StringBuilder();
        long uptimeBefore = ManagementFactory.getRuntimeMXBean().getUptime();
        long t0 = System.nanoTime();
        int structs = pass(kernel, proposed, sink).size();
        double cold = (System.nanoTime() - t0) / 1e6;
        double[] warm = new double[passes];
        double[] cpu = new double[passes];
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < passes; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            pass(kernel, proposed, sink);
            warm[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            if (sink.length() > 1 << 20) sink.setLength(0);
        }
        double[] sorted = warm.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double w : warm) sum += w;
        out.printf("layout bench: %d structs per pass (%d header texts, %d KiB of C%s)%n", structs, kernel.size() + 4, bytes / 1024,
            pahole ? ", pahole rendering included" : "");
        out.printf("  JVM uptime before the first pass: %d ms%n", uptimeBefore);
        out.printf("  cold pass (first parse, incl. the built-in prelude and class loading): %.1f ms%n", cold);
        out.printf("  warm passes: %d, min %.3f ms, median %.3f ms, p90 %.3f ms, max %.3f ms%n", passes, sorted[0],
            sorted[passes / 2], sorted[Math.min(passes - 1, (int) (passes * 0.9))], sorted[passes - 1]);
        Arrays.sort(cpu);
        // CPU time of this thread: steadier than wall time on a loaded machine
        out.printf("  warm CPU time per pass: min %.3f ms, median %.3f ms (load average %.1f on %d CPUs)%n", cpu[0],
            cpu[passes / 2], ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors());
        out.printf("  warm rate: %.0f structs/s, %.1f MiB of C/s%n", structs * passes / (sum / 1e3),
            bytes * passes / (sum / 1e3) / (1 << 20));
        out.flush();
        return 0;
    }
}
