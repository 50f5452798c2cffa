package memdesc.git;

import memdesc.export.Proc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our MAINTAINERS matching against the kernel's own scripts/get_maintainer.pl, on a real kernel source
 * tree when one is present (MEMDESC_KERNEL_TREE, default /work/kernels/linux-6.12); skipped otherwise.
 * Nothing of the tree is kept: it is read at test time only.
 */
class RealMaintainersTest {
    static final List<String> FILES = List.of("mm/filemap.c", "mm/damon/core.c", "fs/f2fs/data.c", "include/linux/page-flags.h",
            "include/linux/mm_types.h", "arch/x86/mm/fault.c", "drivers/net/ethernet/3com/3c59x.c", "fs/nilfs2/page.c",
            "net/core/page_pool.c", "drivers/gpu/drm/i915/gem/i915_gem_shmem.c", "arch/s390/mm/gmap.c", "Makefile");

    @Test void sectionsEqualGetMaintainers() throws Exception {
        Path tree = Path.of(System.getenv().getOrDefault("MEMDESC_KERNEL_TREE", "/work/kernels/linux-6.12"));
        Path script = tree.resolve("scripts/get_maintainer.pl");
        Assumptions.assumeTrue(Files.isRegularFile(script) && Files.isRegularFile(tree.resolve("MAINTAINERS")),
                "no kernel source tree with get_maintainer.pl at " + tree + " (set MEMDESC_KERNEL_TREE)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "perl is not installed");
        Maintainers m = Maintainers.parse(Files.readString(tree.resolve("MAINTAINERS")), d -> Files.isDirectory(tree.resolve(d)));
        for (String file : FILES) {
            if (!Files.exists(tree.resolve(file))) continue;
            Proc.Result r = Proc.run(tree, Map.of(), "perl", "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback",
                    "--no-email", "--no-l", "--no-s", "--no-r", "--subsystem", "--no-rolestats", "--no-keywords", "--no-tree", "-f", file);
            assertEquals(0, r.exit(), r.err());
            TreeSet<String> theirs = new TreeSet<>(r.out().lines().filter(l -> !l.isBlank()).toList());
            assertEquals(theirs, new TreeSet<>(m.sectionsOf(file, false, () -> null)), file);
        }
    }
}
