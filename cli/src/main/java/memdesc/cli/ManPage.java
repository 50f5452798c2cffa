package memdesc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * memdesc(1) in roff, generated from the picocli model (every subcommand, its description, positional
 * parameters and options), so the man page says what --help says. {@code mvn package} runs
 * {@link #main} to write {@code man/memdesc.1} at the top of the repository (generated, git-ignored);
 * picocli-codegen's generator would add a dependency and AsciiDoc for the same page.
 */
public final class ManPage {
    private ManPage() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "../man/memdesc.1");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(new CommandLine(new Main())), StandardCharsets.UTF_8);
    }

    static String render(CommandLine root) {
        StringBuilder b = new StringBuilder();
        CommandSpec spec = root.getCommandSpec();
        String version = new Main.Version().getVersion()[0];
        b.append(".TH MEMDESC 1 \"\" \"").append(esc(version)).append("\" \"User Commands\"\n");
        b.append(".SH NAME\nmemdesc \\- ").append(esc(String.join(" ", spec.usageMessage().description()))).append('\n');
        b.append(".SH SYNOPSIS\n.B memdesc\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
        b.append(".SH DESCRIPTION\n").append(esc(String.join(" ", spec.usageMessage().description())))
                .append("\nEach command is described below; \\fBmemdesc COMMAND \\-\\-help\\fR prints the same.\n");
        b.append(".SH COMMANDS\n");
        root.getSubcommands().forEach((name, sub) -> {
            CommandSpec s = sub.getCommandSpec();
            if (s.usageMessage().hidden() || !s.name().equals(name)) return;
            command(b, "memdesc " + name, s);
            sub.getSubcommands().forEach((n2, sub2) -> {
                if (!sub2.getCommandSpec().usageMessage().hidden() && sub2.getCommandSpec().name().equals(n2))
                    command(b, "memdesc " + name + " " + n2, sub2.getCommandSpec());
            });
        });
        b.append(".SH EXIT STATUS\n0 success, 1 a check failed, 2 bad input, 3 an internal error.\n");
        b.append(".SH ENVIRONMENT\n.TP\n.B COLUMNS\nthe width text output fits (default 80)\n")
                .append(".TP\n.B MEMDESC_CACHE\nthe verdict cache directory\n");
        return b.toString();
    }

    private static void command(StringBuilder b, String name, CommandSpec s) {
        b.append(".SS ").append(esc(name)).append('\n');
        for (String d : s.usageMessage().description()) b.append(esc(d.replace("%%", "%").replace("%n", " "))).append("\n.br\n");
        for (PositionalParamSpec p : s.positionalParameters()) {
            if (p.hidden()) continue;
            b.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n').append(esc(desc(p))).append('\n');
        }
        for (OptionSpec o : s.options()) {
            if (o.hidden() || o.longestName().equals("--help") || o.longestName().equals("--version")) continue;
            b.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
            if (o.arity().max() > 0) b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            b.append('\n').append(esc(desc(o))).append('\n');
        }
    }

    private static String desc(ArgSpec a) {
        List<String> d = List.of(a.description());
        String text = String.join(" ", d);
        String def = a.defaultValueString();
        return text.replace("${DEFAULT-VALUE}", def == null ? "" : def);
    }

    /** Roff-safe text: backslashes and leading dots or quotes escaped. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) t = "\\&" + t;
        return t;
    }
}
