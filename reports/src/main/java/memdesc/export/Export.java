package memdesc.export;

import memdesc.build.BuildCheck;
import memdesc.cc.GccBackend;
import memdesc.layout.StructLayout;
import memdesc.steps.Descriptor;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.User;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code memdesc export}: the roadmap as a git history, one commit per state (the baseline first), each
 * holding the state as C ({@link GccBackend}), a STATE.md and an executable check.sh, so
 * {@code git bisect run ./check.sh} works on it. Everything that goes into a commit is a function of the
 * roadmap (fixed author, dates and messages), so two exports of the same roadmap have the same ids.
 */
public final class Export {
    /** FOSDEM 2025, where the 32-byte plan was presented: commit k is dated this plus k minutes. */
    static final Instant EPOCH = Instant.parse("2025-02-02T10:00:00Z");
    static final String AUTHOR = "memdesc-path";
    static final String EMAIL = "memdesc-path@localhost";
    static final String BRANCH = "main";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private Export() {}

    /**
     * What each commit's check.sh verifies. {@code null} for the build check alone (the C compiler).
     * Otherwise every commit carries the roadmap as {@code roadmap.yaml} and a check.sh that runs
     * {@code memdesc check --until STATE} on it, the states up to its own verified as {@code check}
     * verifies them (build check and the memmap model's scenarios), then the C compiler as
     * {@code build.sh}. Prefix, not the one state: "bad" then stays bad along the history, as
     * git bisect assumes, though a later step can repair a state. The command that runs memdesc is kept
     * in the new repository's git config ({@code memdesc.command}), not in a commit, so the commit ids
     * stay a function of the roadmap; {@code $MEMDESC} overrides it.
     *
     * @param roadmapText the roadmap file as it was read
     * @param machine     the modelled machine's size, as {@code --machine} takes it
     * @param command     a shell command line that runs memdesc, or null for none (check.sh then looks for
     *                    {@code memdesc} on PATH and skips, 125, without one)
     * @param bases       the files a variant's {@code extends:} chain names, by the name roadmapText (and
     *                    each base in turn) uses for them in the export: carried beside roadmap.yaml, so
     *                    the exported roadmap loads there
     */
    public record ModelCheck(String roadmapText, String machine, long seed, String command, Map<String, String> bases) {
        public ModelCheck {
            if (!machine.matches("[A-Za-z0-9]+")) throw new InputException("memdesc: bad --machine '" + machine + "'");
            bases = Map.copyOf(bases);
            for (String name : bases.keySet())
                if (!name.matches("[A-Za-z0-9_.-]+") || name.equals("roadmap.yaml") || name.startsWith("."))
                    throw new InputException("memdesc: bad name for a base roadmap in the export: '" + name + "'");
        }

        public ModelCheck(String roadmapText, String machine, long seed, String command) {
            this(roadmapText, machine, seed, command, Map.of());
        }
    }

    /** One exported commit. */
    public record Commit(int index, String stepId, String id, String subject) {}

    /**
     * Writes the repository into {@code dir} (new, or an empty directory) and checks out the last state.
     * Every state is rendered before anything is written, so a roadmap that cannot be exported (a user id
     * that would name a path outside the target) leaves no trace. {@code log} gets one line per commit:
     * the abbreviated id and the subject.
     *
     * @throws InputException a target that is a file or not empty, an unsafe file name, or a git failure
     */
    public static List<Commit> run(Roadmap roadmap, Path dir, Consumer<String> log) {
        return run(roadmap, dir, log, null);
    }

    /** As {@link #run(Roadmap, Path, Consumer)}, with a check.sh that runs the model too when {@code model} is given. */
    public static List<Commit> run(Roadmap roadmap, Path dir, Consumer<String> log, ModelCheck model) {
        checkTarget(dir);
        List<State> states = roadmap.states();
        List<Map<String, String>> rendered = new ArrayList<>(states.size());
        for (State s : states) {
            Map<String, String> f = files(roadmap, s, stepOf(roadmap, s));
            if (model != null) {
                f.put("build.sh", f.remove("check.sh"));
                f.put("roadmap.yaml", model.roadmapText());
                f.putAll(model.bases());
                f.put("check.sh", modelCheckSh(s, model));
            }
            rendered.add(f);
        }
        boolean created = prepare(dir);
        List<Commit> out = new ArrayList<>();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(BRANCH).call()) {
            Repository repo = git.getRepository();
            if (model != null && model.command() != null) {
                repo.getConfig().setString("memdesc", null, "command", model.command());
                repo.getConfig().save();
            }
            ObjectId parent = null;
            try (ObjectInserter ins = repo.newObjectInserter()) {
                for (State s : states) {
                    Step step = stepOf(roadmap, s);
                    ObjectId tree = tree(ins, rendered.get(s.index()));
                    PersonIdent who = new PersonIdent(AUTHOR, EMAIL, EPOCH.plusSeconds(60L * s.index()).toEpochMilli(), 0);
                    CommitBuilder cb = new CommitBuilder();
                    cb.setTreeId(tree);
                    if (parent != null) cb.setParentId(parent);
                    cb.setAuthor(who);
                    cb.setCommitter(who);
                    String subject = subject(roadmap, step);
                    cb.setMessage(subject + "\n\n" + body(roadmap, s, step));
                    parent = ins.insert(cb);
                    out.add(new Commit(s.index(), s.stepId(), parent.name(), subject));
                    log.accept(parent.abbreviate(12).name() + " " + subject);
                }
                ins.flush();
            }
            RefUpdate ru = repo.updateRef(Constants.R_HEADS + BRANCH);
            ru.setNewObjectId(parent);
            ru.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result r = ru.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED)
                throw new IOException("could not update refs/heads/" + BRANCH + ": " + r);
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
        } catch (IOException | GitAPIException | JGitInternalException e) {
            undo(dir, created);
            throw new InputException("memdesc: export to " + dir + " failed: " + e.getMessage());
        }
        return out;
    }

    /** check.sh for state {@code s} when the export carries the model: see {@link ModelCheck}. */
    static String modelCheckSh(State s, ModelCheck m) {
        return MODEL_CHECK_SH.replace("@STATE@", "'" + s.stepId().replace("'", "'\\''") + "'").replace("@MACHINE@", m.machine())
                .replace("@SEED@", Long.toString(m.seed()));
    }

    static final String MODEL_CHECK_SH = """
            #!/bin/sh
            # Do the states up to this one verify as `memdesc check` verifies them (the build check and
            # the memmap model's scenarios), and does this one compile? git bisect run convention:
            # 0 yes, 1 no, 125 skip: no memdesc to run, or it could not decide (bad input, a crash).
            # memdesc is $MEMDESC, else the command `memdesc export` recorded in this repository's
            # git config (memdesc.command), else memdesc on PATH.
            cd "$(dirname "$0")" || exit 125
            export LC_ALL=C
            cmd=${MEMDESC:-$(git config --get memdesc.command 2>/dev/null)}
            if [ -z "$cmd" ] && command -v memdesc >/dev/null 2>&1; then cmd=memdesc; fi
            if [ -z "$cmd" ]; then
            	echo "check.sh: no memdesc to run the model (set MEMDESC, or git config memdesc.command): skip" >&2
            	exit 125
            fi
            eval "$cmd" check --until @STATE@ --machine @MACHINE@ --seed @SEED@ roadmap.yaml
            rc=$?
            case $rc in
            0) ;;
            1) exit 1 ;;
            *) echo "check.sh: memdesc exited $rc, no verdict: skip" >&2; exit 125 ;;
            esac
            # the system C compiler's view of this state, where there is one (build.sh skips with 125)
            sh ./build.sh
            rc=$?
            [ $rc -eq 125 ] && exit 0
            exit $rc
            """;

    private static Step stepOf(Roadmap roadmap, State s) {
        return s.isBaseline() ? null : roadmap.steps().get(s.index() - 1);
    }

    /** A failed export leaves the target as it found it: empty, or absent if we created it. */
    private static void undo(Path dir, boolean created) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList())
                if (created || !p.equals(dir)) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the error that made us undo is the one to report
        }
    }

    /** Refuses a target that is a file or a non-empty directory, before any work or any write. */
    static void checkTarget(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new InputException("memdesc: " + dir + " exists and is not a directory");
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent())
                    throw new InputException("memdesc: " + dir + " is not empty; export writes a new repository into an empty or new directory");
            } catch (IOException e) {
                throw new InputException("memdesc: cannot read " + dir + ": " + e.getMessage());
            }
        }
    }

    /** The target, checked again (rendering took a while), and created if absent. Returns whether it was created here. */
    static boolean prepare(Path dir) {
        if (Files.exists(dir)) {
            checkTarget(dir);
            return false;
        }
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            throw new InputException("memdesc: cannot create " + dir + ": " + e.getMessage());
        }
    }

    static Map<String, String> files(Roadmap roadmap, State s, Step step) {
        BuildCheck.Result built = BuildCheck.check(s, step);
        Map<String, String> files = new TreeMap<>(GccBackend.emit(s, step, built.layouts().lp64().isEmpty() ? null : built.layouts()));
        files.put("STATE.md", stateMd(roadmap, s, step, built));
        for (String path : files.keySet())
            if (!safe(path))
                throw new InputException("memdesc: refusing to export state " + s.index() + " (" + s.stepId() + "): the file '"
                        + path + "' would not be a plain name inside the target (a user id must be a plain name)");
        return files;
    }

    /** Every component a plain name: no "..", no absolute path, nothing git itself refuses (".git"). */
    static boolean safe(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) return false;
        for (String part : path.split("/", -1))
            if (!SAFE.matcher(part).matches() || part.equals("..") || part.equals(".") || part.equalsIgnoreCase(Constants.DOT_GIT))
                return false;
        return true;
    }

    private static ObjectId tree(ObjectInserter ins, Map<String, String> files) throws IOException {
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            DirCacheEntry e = new DirCacheEntry(f.getKey());
            e.setFileMode(f.getKey().endsWith(".sh") ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
            e.setObjectId(ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
            b.add(e);
        }
        b.finish();
        return dc.writeTree(ins);
    }

    /** One line, starting with the step id (or "baseline"), so git log --oneline maps commits to steps. */
    static String subject(Roadmap roadmap, Step step) {
        String title = step == null ? roadmap.baselineTitle() : step.title();
        String id = step == null ? State.BASELINE : step.id();
        if (title == null || title.isBlank() || title.equals(id)) title = step == null ? "the roadmap's starting point" : id;
        return id + ": " + title.strip().replaceAll("\\s+", " ");
    }

    static String body(Roadmap roadmap, State s, Step step) {
        StringBuilder b = new StringBuilder();
        if (step == null) {
            b.append("State 0 of ").append(roadmap.name()).append(".\n");
            if (roadmap.baselineSource() != null) b.append("\nSource: ").append(roadmap.baselineSource()).append('\n');
        } else {
            b.append("Step ").append(step.number()).append(", phase ").append(step.phase()).append(".\n");
            if (step.note() != null) b.append('\n').append(wrap(step.note(), 72)).append('\n');
            b.append('\n');
            step.changes().forEach(c -> b.append("  - ").append(c.describe()).append('\n'));
            b.append("\nSource: ").append(step.source()).append('\n');
            b.append("Checksum: ").append(step.checksum()).append('\n');
        }
        return b.toString();
    }

    static String stateMd(Roadmap roadmap, State s, Step step, BuildCheck.Result built) {
        StringBuilder b = new StringBuilder();
        b.append("# State ").append(s.index()).append(": ").append(s.stepId()).append("\n\n");
        if (step != null) {
            b.append(step.title()).append("\n\n");
            b.append("- phase: ").append(step.phase()).append("\n- source: ").append(step.source()).append("\n");
            if (!step.requires().isEmpty()) b.append("- requires: ").append(String.join(", ", step.requiredIds())).append('\n');
            if (step.note() != null) b.append("\n> ").append(step.note()).append('\n');
        } else {
            b.append(roadmap.name()).append(": the baseline.\n");
        }
        b.append("\n## Structs\n\n| struct | bytes |\n|---|---:|\n");
        for (Map.Entry<String, StructLayout> e : built.layouts().lp64().entrySet())
            b.append("| ").append(e.getKey()).append(" | ").append(e.getValue().size()).append(" |\n");
        b.append("\n## Descriptors\n\n");
        for (Descriptor d : s.descriptors().values())
            b.append("- ").append(d.kind()).append(" (struct ").append(d.struct()).append("): ").append(d.placement().yaml()).append('\n');
        if (!s.memdescTypes().isEmpty()) {
            b.append("\n## Memdesc types\n\n");
            s.memdescTypes().values().forEach(t -> b.append("- ").append(t.code()).append(": ").append(t.name()).append('\n'));
        }
        b.append("\n## Helpers\n\n");
        s.helpers().values().forEach(h -> b.append("- ").append(h.name()).append("(): ").append(h.impl()).append('\n'));
        b.append("\n## Users\n\n");
        for (User u : s.users().values()) {
            b.append("- ").append(u.id()).append(" (").append(u.file()).append(")");
            if (!s.enabled(u.id())) b.append(" **disabled**: ").append(s.disabled().get(u.id()).reason());
            b.append(": ").append(String.join(", ", u.accesses().stream().map(a -> a.member().arrow()).toList())).append('\n');
        }
        b.append("\n## Build (layout engine)\n\n");
        if (built.ok()) b.append("builds: yes\n");
        else built.diagnostics().forEach(d -> b.append("    ").append(d).append('\n'));
        return b.toString();
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int col = 0;
        for (String w : text.split("\\s+")) {
            if (w.isEmpty()) continue;
            if (col > 0 && col + 1 + w.length() > width) {
                out.append('\n');
                col = 0;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(w);
            col += w.length();
        }
        return out.toString();
    }
}
