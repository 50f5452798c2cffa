package memdesc.cli;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which roadmap a command reads: the one named, else roadmap.yaml here, else the copy in the jar. */
final class RoadmapArg {
    static final String DEFAULT = "roadmap.yaml";

    private RoadmapArg() {}

    static Roadmap load(String arg) {
        return load(arg, Main.cwd());
    }

    /** The text of the roadmap {@link #load(String)} reads (the export carries it in every commit). */
    static String text(String arg) {
        Path cwd = Main.cwd();
        try {
            if (arg != null) return memdesc.steps.InputFile.read(cwd.resolve(arg), arg, RoadmapLoader.MAX_BYTES, "roadmap");
            Path here = cwd.resolve(DEFAULT);
            if (Files.exists(here)) return memdesc.steps.InputFile.read(here, DEFAULT, RoadmapLoader.MAX_BYTES, "roadmap");
            try (var in = RoadmapLoader.class.getResourceAsStream(RoadmapLoader.BUNDLED)) {
                if (in == null) throw new memdesc.steps.InputException("memdesc: error: no roadmap built in");
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new memdesc.steps.InputException("memdesc: cannot read " + (arg == null ? DEFAULT : arg) + ": " + e.getMessage());
        }
    }

    /** Relative names resolve against {@code cwd}; messages name the file as the user typed it. */
    static Roadmap load(String arg, Path cwd) {
        if (arg != null) return RoadmapLoader.load(cwd.resolve(arg), arg);
        Path here = cwd.resolve(DEFAULT);
        return Files.exists(here) ? RoadmapLoader.load(here, DEFAULT) : RoadmapLoader.bundled();
    }
}
