package memdesc.report;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report file is the old one or the whole new one; a failed run leaves nothing behind. */
class AtomicWriteTest {
    @TempDir Path dir;

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void writesTheWholeReportAndNothingElse() throws IOException {
        Path out = dir.resolve("report.html");
        Report.write(Fixtures.full(), Format.HTML, out);
        assertEquals(Report.render(Fixtures.full(), Format.HTML), Files.readString(out));
        assertEquals(List.of("report.html"), names());
    }

    @Test void replacesAnExistingReport() throws IOException {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "old report\n");
        Report.write(Fixtures.full(), Format.TEXT, out);
        assertEquals(Report.render(Fixtures.full(), Format.TEXT), Files.readString(out));
        assertEquals(List.of("report.txt"), names());
    }

    /** Issue 21: a new report gets the mode any new file of the user's gets (the umask), not createTempFile's 0600. */
    @Test void aNewFileGetsTheUsersUmaskAndAReplacedOneKeepsItsMode() throws IOException {
        Path probe = Files.createFile(dir.resolve("probe")); // made as the shell would: 0666 less the umask
        var umasked = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        Path out = dir.resolve("report.html");
        AtomicFile.write(out, w -> w.write("<p>new</p>\n"));
        assertEquals(umasked, Files.getPosixFilePermissions(out));
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(out, mode);
        AtomicFile.write(out, w -> w.write("<p>again</p>\n"));
        assertEquals(mode, Files.getPosixFilePermissions(out), "a replaced file keeps its mode");
    }

    /** Issue 21: --out through a symbolic link writes the file it names; the link stays a link. */
    @Test void writesThroughASymlink() throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("site")).resolve("index.html"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("report.html"), Path.of("site", "index.html"));
        AtomicFile.write(link, w -> w.write("new\n"));
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals("new\n", Files.readString(real));
    }

    /** Half the report is written, then the disk "fills": the old file stays, no temporary is left. */
    @Test void failureMidWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path out = dir.resolve("report.md");
        Files.writeString(out, "old report\n");
        String full = Report.render(Fixtures.full(), Format.MD);
        List<String> seenDuring = new ArrayList<>();
        InputException e = assertThrows(InputException.class, () -> AtomicFile.write(out, w -> {
            w.write(full, 0, full.length() / 2);
            w.flush();
            seenDuring.addAll(names());
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(2, seenDuring.size(), "the half-written temporary existed next to the target: " + seenDuring);
        assertEquals("old report\n", Files.readString(out));
        assertEquals(List.of("report.md"), names());
    }

    /** A model that cannot be rendered (a step without a status) fails in the template, mid-file. */
    @Test void renderingThatThrowsLeavesNothing() throws IOException {
        ReportModel good = Fixtures.full();
        List<ReportModel.StepRow> steps = new ArrayList<>(good.steps());
        ReportModel.StepRow s = steps.get(3);
        steps.set(3, new ReportModel.StepRow(s.number(), s.id(), s.title(), s.phase(), s.phaseTitle(), null,
                s.statusSource(), s.requires(), s.source(), s.probes(), s.remaining()));
        ReportModel broken = new ReportModel(good.name(), good.roadmapFile(), good.statusRule(), good.summary(), steps,
                good.verdicts(), good.cost(), good.deps(), good.progress());
        for (Format f : Format.values()) {
            if (f == Format.JSON) continue; // JSON writes a null status as null: not a failure
            Path out = dir.resolve("report." + f.extension());
            assertThrows(RuntimeException.class, () -> Report.write(broken, f, out));
            assertTrue(Files.notExists(out), f + ": no partial report");
        }
        Path kept = dir.resolve("kept.txt");
        Files.writeString(kept, "previous\n");
        assertThrows(RuntimeException.class, () -> Report.write(broken, Format.TEXT, kept));
        assertEquals("previous\n", Files.readString(kept));
        assertEquals(List.of("kept.txt"), names());
    }

    @Test void aMissingDirectoryIsBadInput() {
        Path out = dir.resolve("no/such/dir/report.txt");
        InputException e = assertThrows(InputException.class, () -> Report.write(Fixtures.full(), Format.TEXT, out));
        assertTrue(e.getMessage().contains("no such directory"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1);
    }
}
