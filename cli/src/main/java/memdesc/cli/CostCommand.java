package memdesc.cli;

import memdesc.cost.CostReport;
import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.cost.StateShape;
import memdesc.kpageflags.KPageFlags;
import memdesc.steps.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc cost}: what the memmap and the memory descriptors cost in each state. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"What each state costs: memmap, descriptors, total, %% of RAM, break-even order.",
                "Memmap and separately allocated descriptors (rounded as their slab caches round them), the total,"
                        + " the change against the baseline, and the break-even allocation order per descriptor kind.",
                "The population is a synthetic mix on a machine size, or a real /proc/kpageflags dump."})
public final class CostCommand implements Callable<Integer> {
    enum Format { text, json, csv }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "STEP", arity = "0..*",
            description = "States to account, by step id (default: all). The baseline is always included, first.")
    List<String> steps = new ArrayList<>();

    @picocli.CommandLine.Mixin RoadmapOption roadmapOption;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Option(names = "--machine", paramLabel = "SIZE", description = "RAM of the machine for a mix: 64MiB, 4GiB, 1TiB, 4096M or bytes (default: ${DEFAULT-VALUE}).",
            defaultValue = "1TiB")
    String machine;

    @Option(names = "--mix", paramLabel = "NAME|FILE", description = "Built-in mix (idle, file-server, anon-heavy, thp, slab-heavy) or a YAML mix file (default: ${DEFAULT-VALUE}).",
            defaultValue = "idle")
    String mix;

    @Option(names = "--kpageflags", paramLabel = "FILE", description = "A /proc/kpageflags dump: the population of a real machine.")
    Path kpageflags;

    @Option(names = "--kpagecount", paramLabel = "FILE", description = "The matching /proc/kpagecount dump (optional).")
    Path kpagecount;

    @Option(names = "--live", description = "Read this machine's /proc/kpageflags and /proc/kpagecount (root).")
    boolean live;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "NUMA nodes: zone-relative PFNs are limited per zone, assumed machine/nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--guest", description = "A virtual machine: the host pays the memmap again; report both.")
    boolean guest;

    @Option(names = "--host-state", paramLabel = "STEP",
            description = "With --guest: the state the host runs, by step id (default: the same state as the guest).")
    String hostState;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override public Integer call() {
        boolean machineGiven = spec.commandLine().getParseResult().hasMatchedOption("--machine");
        boolean mixGiven = spec.commandLine().getParseResult().hasMatchedOption("--mix");
        if (kpagecount != null && kpageflags == null)
            throw new InputException("error: --kpagecount needs --kpageflags");
        if (live && kpageflags != null) throw new InputException("error: --live and --kpageflags exclude each other");
        boolean real = live || kpageflags != null;
        if (real && (machineGiven || mixGiven))
            throw new InputException("error: --machine and --mix describe a synthetic machine; a kpageflags dump brings its own");
        Population population = live ? KPageFlags.classifyLive(true).toPopulation()
                : kpageflags != null ? KPageFlags.classify(kpageflags, kpagecount).toPopulation()
                : MemoryCost.mix(mix).population(MemoryCost.parseSize(machine));
        if (hostState != null && !guest) throw new InputException("error: --host-state goes with --guest");
        List<StateShape> all = shapes();
        StateShape host = hostState == null ? null : all.stream().filter(s -> s.id().equals(hostState)).findFirst()
                .orElseThrow(() -> new InputException("error: --host-state: no state '" + hostState + "' (known: "
                        + String.join(", ", all.stream().map(StateShape::id).toList()) + ")"));
        CostReport report = MemoryCost.account(select(all, steps), population, nodes, guest, host);
        spec.commandLine().getOut().print(switch (format) {
            case text -> report.text();
            case json -> report.json();
            case csv -> report.csv();
        });
        return 0;
    }

    /** The requested states in roadmap order, the baseline (first shape) always first. */
    static List<StateShape> select(List<StateShape> all, List<String> ids) {
        if (ids.isEmpty()) return all;
        for (String id : ids)
            if (all.stream().noneMatch(s -> s.id().equals(id)))
                throw new InputException("error: no state '" + id + "' (known: "
                        + String.join(", ", all.stream().map(StateShape::id).toList()) + ")");
        List<StateShape> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++)
            if (i == 0 || ids.contains(all.get(i).id())) out.add(all.get(i));
        return out;
    }

    /** Every state of the roadmap, from its computed layouts. */
    List<StateShape> shapes() {
        return MemoryCost.shapes(kernelOption.apply(roadmapOption.load(), spec.commandLine().getErr(), "cost"));
    }
}
