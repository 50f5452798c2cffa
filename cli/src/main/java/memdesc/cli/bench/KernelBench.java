package memdesc.cli.bench;

import memdesc.git.KernelTree;
import memdesc.layout.Abi;
import memdesc.layout.KernelLayout;
import memdesc.position.Position;
import memdesc.steps.InputException;
import memdesc.steps.Probe;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Times {@code --kernel} reading against one {@code git grep} pass: laying out the Path's structs of one
 * release from the repository, {@code position} over the refs, and {@code git grep -c -E} of every probe
 * over the same refs (the real git binary). Wall time and this process's CPU time are printed; the
 * machine is shared, so figures are noisy (CPU time is the steadier one).
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "Time layout --kernel and position against one git grep pass over the same refs.")
public final class KernelBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REPO", description = "a kernel git repository")
    Path repo;

    @Option(names = "--refs", split = ",", required = true, paramLabel = "REF", description = "refs (the first is laid out)")
    List<String> refs;

    private static final List<String> STRUCTS = List.of("page", "folio", "slab", "ptdesc", "zpdesc", "netmem_desc", "buffer_head");

    /** This process's CPU time in ns (all threads, ended ones too). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU seconds of this process's waited-for children (cutime + cstime of /proc/self/stat), or -1. */
    private static double childCpu() {
        try {
            String st = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // fields 16, 17; USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override public Integer call() throws Exception {
        if (refs.isEmpty()) throw new InputException("memdesc bench kernel: --refs is empty");
        PrintWriter out = spec.commandLine().getOut();
        Roadmap r = RoadmapLoader.bundled();
        long w0 = System.nanoTime();
        long c0 = cpu();
        int n;
        try (KernelTree t = (KernelTree) KernelTree.open(repo, refs.get(0))) {
            List<String> present = new ArrayList<>();
            for (String s : STRUCTS) if (KernelLayout.locate(t, s) != null) present.add(s);
            n = KernelLayout.layout(t, present, Abi.LP64, null).structs().size();
        }
        out.printf("layout --kernel %s@%s, %d structs: %.2f s wall, %.2f s CPU %n", repo, refs.get(0), n,
                (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9);
        w0 = System.nanoTime();
        c0 = cpu();
        Position.evaluate(repo, repo.toString(), refs, r, null, 0);
        out.printf("position over %d refs: %.2f s wall, %.2f s CPU%n", refs.size(), (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9);
        Set<String> res = new LinkedHashSet<>();
        for (Step s : r.steps()) for (Probe p : s.probes()) res.add(p.regex());
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + repo, "grep", "-c", "-E"));
        for (String re : res) {
            cmd.add("-e");
            cmd.add(re);
        }
        cmd.addAll(refs);
        cmd.addAll(List.of("--", "*.c", "*.h"));
        w0 = System.nanoTime();
        double ch0 = childCpu();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        double wall = (System.nanoTime() - w0) / 1e9;
        double ch = childCpu() - ch0;
        out.printf("git grep -c -E (%d probes) over %d refs: %.2f s wall, %.2f s CPU (exit %d)%n", res.size(), refs.size(), wall, ch, exit);
        return 0;
    }
}
