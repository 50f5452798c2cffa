package memdesc.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One example per command, shown at the end of {@code memdesc help COMMAND} (and {@code COMMAND --help}).
 * Kept here, beside each other, so they read as a set; a test parses every one of them.
 */
final class Help {
    private Help() {}

    static final Map<String, String> EXAMPLES = new LinkedHashMap<>();
    static {
        EXAMPLES.put("validate", "memdesc validate --roadmap roadmaps/path-002.yaml");
        EXAMPLES.put("steps", "memdesc steps");
        EXAMPLES.put("show", "memdesc show shrink-32 --diff");
        EXAMPLES.put("layout", "memdesc layout shrink-32 page folio --format pahole");
        EXAMPLES.put("build", "memdesc build shrink-32 --cc gcc");
        EXAMPLES.put("run", "memdesc run memdesc-8 --machine 1GiB");
        EXAMPLES.put("check", "memdesc check --roadmap roadmaps/path-002.yaml");
        EXAMPLES.put("bisect", "memdesc bisect --roadmap my-roadmap.yaml");
        EXAMPLES.put("independence", "memdesc independence --phase immediate");
        EXAMPLES.put("deps", "memdesc deps buddy-order-flags");
        EXAMPLES.put("diff", "memdesc diff HEAD~1:roadmap.yaml roadmap.yaml");
        EXAMPLES.put("cost", "memdesc cost shrink-32 memdesc-8 --live --guest");
        EXAMPLES.put("progress", "memdesc progress --repo ~/linux --refs v6.12,v6.18");
        EXAMPLES.put("position", "memdesc position --kernel ~/linux --refs v6.0,v6.12,v6.18");
        EXAMPLES.put("report", "memdesc report --format html --out report.html");
        EXAMPLES.put("export", "memdesc export --to /tmp/path.git --check model");
        EXAMPLES.put("walk", "memdesc walk --live");
        EXAMPLES.put("compare", "memdesc compare roadmap.yaml roadmaps/path-002.yaml --live");
        EXAMPLES.put("examples", "memdesc examples --update docs/tour.md");
        EXAMPLES.put("mutate", "memdesc mutate --machine 64MiB --max 40");
        EXAMPLES.put("completion", "memdesc completion zsh");
        EXAMPLES.put("bench", "memdesc bench check --runs 5 --sizes 4GiB");
    }

    /** Adds each command's example to its usage footer. */
    static void examples(CommandLine cl) {
        cl.getSubcommands().forEach((name, sub) -> {
            String ex = EXAMPLES.get(name);
            if (ex == null) return;
            String[] old = sub.getCommandSpec().usageMessage().footer();
            String[] footer = new String[old.length + 2];
            System.arraycopy(old, 0, footer, 0, old.length);
            footer[old.length] = "%nExample:";
            footer[old.length + 1] = "  " + ex.replace("%", "%%");
            sub.getCommandSpec().usageMessage().footer(footer);
        });
    }
}
