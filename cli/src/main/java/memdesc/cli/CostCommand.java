package memdesc.cli;

import memdesc.cost.BuddyDescriptor;
import memdesc.cost.CostReport;
import memdesc.cost.Descriptor;
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
        description = {"Memory cost per roadmap state: memmap, separately allocated descriptors, total, %% of RAM, "
                + "delta vs the baseline, and the break-even allocation order per descriptor kind.",
                "The population is a synthetic mix on a machine size, or a real /proc/kpageflags dump."})
public final class CostCommand implements Callable<Integer> {
    enum Format { text, json, csv }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "STEP", arity = "0..*",
            description = "States to account (default: all). The baseline is always included, first.")
    List<String> steps = new ArrayList<>();

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
        CostReport report = MemoryCost.account(select(shapes(), steps), population, nodes, guest);
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

    /*
     * ==== SEAM: the lead replaces shapes() with shapes built from the roadmap's states ====
     * (each state's computed sizeof(struct page), its separately allocated descriptors with their
     * computed sizes and alignments, and its buddy descriptor). Until then, these stand-ins are
     * the seeds' figures: 000_ (32-byte page, 80-byte folio, 16-byte page), 003_ (64-byte page,
     * 1.6%), 004_ (8-byte page, 8-byte buddy descriptor holding PFNs: 2 TiB, or per zone).
     * Descriptor sizes other than the folio's are today's overlaid structs from
     * KERNEL-FACTS.md (slab 64 + the 'address' member 000_ adds = 72, ptdesc 64, zpdesc 56,
     * netmem_desc 48 for page_pool "bump").
     */
    static List<StateShape> shapes() {
        List<Descriptor> separate = List.of(new Descriptor("folio", 80, 8), new Descriptor("slab", 72, 8),
                new Descriptor("ptdesc", 64, 8), new Descriptor("zpdesc", 56, 8), new Descriptor("bump", 48, 8));
        return List.of(
                new StateShape("page64", "baseline: 64-byte struct page, descriptors overlaid on the memmap", 64, List.of(), null),
                new StateShape("page32", "32-byte struct page, descriptors allocated separately (80-byte folio)", 32, separate, null),
                new StateShape("page16", "16-byte struct page (buddy_list, or memdesc + private)", 16, separate, null),
                new StateShape("page8", "8-byte struct page, 8-byte buddy descriptor holding 29-bit PFNs", 8, separate,
                        new BuddyDescriptor(8, 29, false)),
                new StateShape("page8z", "8-byte struct page, buddy descriptor with zone-relative 29-bit PFNs", 8, separate,
                        new BuddyDescriptor(8, 29, true)));
    }
}
