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
        return load(arg, Path.of(""));
    }

    /** {@code cwd} is the empty path in use, so a relative name stays as the user typed it in messages. */
    static Roadmap load(String arg, Path cwd) {
        if (arg != null) return RoadmapLoader.load(cwd.resolve(arg));
        Path here = cwd.resolve(DEFAULT);
        return Files.exists(here) ? RoadmapLoader.load(here) : RoadmapLoader.bundled();
    }
}
