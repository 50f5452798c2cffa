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

    /** Relative names resolve against {@code cwd}; messages name the file as the user typed it. */
    static Roadmap load(String arg, Path cwd) {
        if (arg != null) return RoadmapLoader.load(cwd.resolve(arg), arg);
        Path here = cwd.resolve(DEFAULT);
        return Files.exists(here) ? RoadmapLoader.load(here, DEFAULT) : RoadmapLoader.bundled();
    }
}
