package memdesc.cli;

import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.kpageflags.KPageFlags;
import memdesc.report.Comparison;
import memdesc.report.Progress;
import memdesc.report.Report;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.verify.Check;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code memdesc compare A.yaml B.yaml ...}: plans side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare plans side by side: steps, verdict, the final struct page, memmap %%.",
                "Also what the final state costs against the baseline on each built-in mix (and a real machine with"
                        + " --kpageflags or --live), break-even order per descriptor kind, the largest machine the final"
                        + " state can describe, which users each plan changes and how many probe uses a kernel tree still"
                        + " has (--progress)."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ROADMAP", description = "roadmap files (at least one)")
    List<String> roadmaps = new ArrayList<>();

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "1TiB", description = "RAM for the mixes (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--mix", paramLabel = "NAME|FILE", description = "mixes to cost on (repeatable; default: every built-in mix)")
    List<String> mixes = new ArrayList<>();

    @Option(names = "--kpageflags", paramLabel = "FILE", description = "also a real machine: a /proc/kpageflags dump")
    Path kpageflags;

    @Option(names = "--kpagecount", paramLabel = "FILE", description = "the matching /proc/kpagecount dump (optional)")
    Path kpagecount;

    @Option(names = "--live", description = "also this machine: its /proc/kpageflags and /proc/kpagecount (root)")
    boolean live;

    @Option(names = "--progress", paramLabel = "FILE", description = "probe counts from memdesc progress --format json")
    Path progress;

    @Option(names = "--no-check", description = "do not verify the plans (the verdict row reads 'not checked')")
    boolean noCheck;

    @Option(names = "--check-machine", paramLabel = "SIZE", defaultValue = "4GiB", description = "modelled machine of the check (default: ${DEFAULT-VALUE})")
    String checkMachine;

    @Option(names = "--format", paramLabel = "text|md|html|json", defaultValue = "text", description = "output format (default: ${DEFAULT-VALUE})")
    String format;

    @picocli.CommandLine.Mixin KernelOption kernelOption;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "md", "html", "json").contains(fmt))
            throw new InputException("memdesc compare: unknown --format '" + format + "' (text, md, html or json)");
        if (kpagecount != null && kpageflags == null) throw new InputException("memdesc compare: --kpagecount needs --kpageflags");
        if (live && kpageflags != null) throw new InputException("memdesc compare: --live and --kpageflags exclude each other");
        List<Roadmap> rs = new ArrayList<>();
        for (String r : roadmaps) rs.add(kernelOption.apply(RoadmapArg.load(r), spec.commandLine().getErr(), "compare"));
        Progress p = progress == null ? null : Report.readProgress(Main.cwd().resolve(progress));
        long ram = MemoryCost.parseSize(machine);
        List<Population> pops = new ArrayList<>();
        for (String m : mixes.isEmpty() ? MemoryCost.mixNames() : mixes) pops.add(MemoryCost.mix(m).population(ram));
        if (live) pops.add(KPageFlags.classifyLive(true).toPopulation());
        if (kpageflags != null) pops.add(KPageFlags.classify(Main.cwd().resolve(kpageflags),
                kpagecount == null ? null : Main.cwd().resolve(kpagecount)).toPopulation());
        List<Check.Result> checks = null;
        if (!noCheck) {
            long bytes = Verifying.machine(checkMachine);
            Check check = Verifying.check(bytes, 1, Verifying.jobs(null), false);
            checks = new ArrayList<>();
            try (ProgressLine progress = ProgressLine.on(spec.commandLine().getErr())) {
                for (int i = 0; i < rs.size(); i++) {
                    progress.show("checking " + roadmaps.get(i) + " (" + (i + 1) + "/" + rs.size() + ")");
                    checks.add(check.run(rs.get(i), v -> {}));
                }
            }
        }
        Comparison c = Comparison.of(rs, pops, checks, p);
        String out = switch (fmt) {
            case "md" -> c.markdown();
            case "html" -> c.html();
            case "json" -> c.json();
            default -> c.text();
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

}
