package memdesc.cli;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A roadmap named as a file or, as git show takes it, {@code REV:PATH}: PATH in commit REV of the git
 * repository the working directory is in (PATH from the repository's top; {@code ./PATH} from here).
 * An existing file of that name wins.
 */
final class GitRoadmap {
    private GitRoadmap() {}

    static Roadmap load(String arg) {
        Path cwd = Main.cwd();
        int colon = arg.indexOf(':');
        if (colon <= 0 || Files.exists(cwd.resolve(arg))) return RoadmapLoader.load(cwd.resolve(arg), arg);
        String rev = arg.substring(0, colon), path = arg.substring(colon + 1);
        Path here = cwd.toAbsolutePath();
        FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(here.toFile());
        if (b.getGitDir() == null) throw new InputException("memdesc: " + arg + ": no such file, and " + here + " is not in a git repository");
        try (Repository repo = b.setMustExist(true).build(); RevWalk walk = new RevWalk(repo)) {
            if (path.startsWith("./")) {
                Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
                path = top.relativize(here.normalize().resolve(path.substring(2)).normalize()).toString();
            }
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) throw new InputException("memdesc: " + arg + ": no revision '" + rev + "' in " + repo.getWorkTree());
            RevCommit c = walk.parseCommit(id);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                if (tw == null) throw new InputException("memdesc: " + arg + ": no file '" + path + "' in " + rev);
                byte[] bytes = repo.open(tw.getObjectId(0)).getCachedBytes((int) RoadmapLoader.MAX_BYTES);
                return RoadmapLoader.parse(arg, bytes);
            }
        } catch (IOException e) {
            throw new InputException("memdesc: cannot read " + arg + ": " + e.getMessage());
        }
    }
}
