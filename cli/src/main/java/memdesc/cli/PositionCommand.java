package memdesc.cli;

import memdesc.position.Position;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code memdesc position --kernel REPO --refs A,B,C}: each step per release, from probes and structural evidence. */
@Command(name = "position", mixinStandardHelpOptions = true,
        description = {"Where each release of a kernel git repository stands on the Path.",
            "Per step: done, in progress (N uses left) or not started, from its probes and its evidence: items."})
final class PositionCommand implements Callable<Integer> {
    @Option(names = "--kernel", required = true, paramLabel = "REPO", description = "a kernel git repository (bare or not)")
    String kernel;

    @Option(names = "--refs", split = ",", required = true, paramLabel = "REF", description = "releases, oldest first, comma-separated")
    List<String> refs = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "the kernel .config for the structs (default: a documented x86_64 set)")
    Path config;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "text (default) or json")
    String format;

    @Option(names = "--roadmap", paramLabel = "FILE", description = "the roadmap (default: roadmap.yaml here, else the one built in)")
    String roadmap;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "probe-counting threads (default: one per core)")
    int threads;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        if (!format.equals("text") && !format.equals("json")) throw new InputException("memdesc position: unknown --format '" + format + "' (text or json)");
        Roadmap r = RoadmapArg.load(roadmap);
        Position.Result p = Position.evaluate(Main.cwd().resolve(kernel), kernel, refs, r, KernelInput.config(config), threads);
        spec.commandLine().getOut().print(format.equals("json") ? Position.json(p) : Position.text(p, Width.columns()));
        for (String f : p.facts()) spec.commandLine().getErr().println("memdesc position: fact: " + f);
        for (String w : p.warnings()) spec.commandLine().getErr().println(w);
        return 0;
    }
}
