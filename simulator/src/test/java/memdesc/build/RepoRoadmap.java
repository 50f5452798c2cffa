package memdesc.build;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's roadmap.yaml, and edited copies of its text for broken-roadmap tests. */
public final class RepoRoadmap {
    public static final Path FILE = Path.of("..", "roadmap.yaml");

    private RepoRoadmap() {}

    public static String text() {
        try {
            return Files.readString(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the tests read ../roadmap.yaml: " + e);
        }
    }

    public static Roadmap load() {
        return RoadmapLoader.parse("roadmap.yaml", text().getBytes(StandardCharsets.UTF_8));
    }

    /** The roadmap with {@code from} replaced by {@code to} (which must occur exactly once). */
    public static Roadmap edited(String from, String to) {
        String t = text();
        int i = t.indexOf(from);
        if (i < 0 || t.indexOf(from, i + 1) >= 0) throw new IllegalArgumentException("not exactly once: " + from);
        return RoadmapLoader.parse("roadmap.yaml", (t.substring(0, i) + to + t.substring(i + from.length())).getBytes(StandardCharsets.UTF_8));
    }

    /** 1-based line of the first line containing {@code needle} at or after line {@code from}. */
    public static int lineOf(String needle, int from) {
        List<String> lines = text().lines().toList();
        for (int i = Math.max(0, from - 1); i < lines.size(); i++) if (lines.get(i).contains(needle)) return i + 1;
        throw new IllegalArgumentException("no line with " + needle);
    }

    /** 1-based column of {@code needle} in line {@code line}. */
    public static int columnOf(String needle, int line) {
        return text().lines().toList().get(line - 1).indexOf(needle) + 1;
    }
}
