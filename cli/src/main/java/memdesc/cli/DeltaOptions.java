package memdesc.cli;

import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.delta.DeltaText;
import memdesc.delta.StateDelta;
import memdesc.kpageflags.KPageFlags;
import memdesc.steps.InputException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The options every command that prints step deltas shares (show --diff, walk): format and cost populations. */
final class DeltaOptions {
    @Option(names = "--format", paramLabel = "text|md|json", defaultValue = "text",
            description = "text (fits the terminal: COLUMNS, else 80), md (Markdown) or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--machine", paramLabel = "SIZE", defaultValue = "1TiB",
            description = "machine size for the cost on a synthetic mix (default: ${DEFAULT-VALUE})")
    String machine;

    @Option(names = "--mix", paramLabel = "NAME|FILE", defaultValue = "idle",
            description = "the mix the cost is computed for (default: ${DEFAULT-VALUE}); --mix none leaves it out")
    String mix;

    @Option(names = "--live", description = "also the cost on this machine's RAM (/proc/kpageflags, root)")
    boolean live;

    /** The populations the cost delta is computed on: the mix (unless none), then the live machine. */
    List<Population> populations() {
        List<Population> out = new ArrayList<>();
        if (!mix.equals("none")) out.add(MemoryCost.mix(mix).population(MemoryCost.parseSize(machine)));
        if (live) out.add(KPageFlags.classifyLive(true).toPopulation());
        return out;
    }

    String render(List<StateDelta> ds) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> {
                StringBuilder b = new StringBuilder();
                for (StateDelta d : ds) b.append(b.length() == 0 ? "" : "\n").append(DeltaText.text(d, width()));
                yield b.toString();
            }
            case "md", "markdown" -> {
                StringBuilder b = new StringBuilder();
                for (StateDelta d : ds) b.append(b.length() == 0 ? "" : "\n").append(DeltaText.markdown(d));
                yield b.toString();
            }
            case "json" -> DeltaText.json(ds);
            default -> throw new InputException("memdesc: unknown --format '" + format + "' (text, md or json)");
        };
    }

    /** Checks --format before any work is done. */
    void checkFormat() {
        if (!List.of("text", "md", "markdown", "json").contains(format.toLowerCase(Locale.ROOT)))
            throw new InputException("memdesc: unknown --format '" + format + "' (text, md or json)");
    }

    /** The width deltas are made to fit. */
    static int width() {
        return Width.columns();
    }
}
