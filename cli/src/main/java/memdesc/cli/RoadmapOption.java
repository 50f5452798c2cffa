package memdesc.cli;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import picocli.CommandLine.Option;

/**
 * The one way every command names its roadmap: {@code --roadmap FILE} (picocli mixin). A command that
 * took the roadmap as a trailing positional keeps it as a hidden alias, so old invocations still work;
 * it passes that value to {@link #load(String)}.
 */
final class RoadmapOption {
    static final String DESCRIPTION = "The roadmap (default: roadmap.yaml here, else the one built in).";

    @Option(names = "--roadmap", paramLabel = "FILE", description = DESCRIPTION)
    String file;

    /** The file named: --roadmap, else the old positional {@code alias} (null for the default). */
    String pick(String alias) {
        if (file != null && alias != null && !file.equals(alias))
            throw new InputException("memdesc: two roadmaps given: --roadmap " + file + " and " + alias);
        return file != null ? file : alias;
    }

    Roadmap load(String alias) {
        return RoadmapArg.load(pick(alias));
    }

    Roadmap load() {
        return load(null);
    }
}
