package memdesc.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code memdesc completion bash|zsh}: a completion script made by picocli's own generator from the
 * command model, so it never falls behind the options.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for memdesc (bash or zsh), generated from the command line's own model.",
                "  bash: source <(memdesc completion bash)",
                "        (or save it in /etc/bash_completion.d/memdesc)",
                "  zsh:  source <(memdesc completion zsh)     (it loads bashcompinit)"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("memdesc", root);
        // picocli's script serves both: under zsh it turns bash completion on first (bashcompinit)
        if (shell == Shell.zsh) script = "#compdef memdesc\n# zsh: picocli's completion, through bashcompinit\n" + script;
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
