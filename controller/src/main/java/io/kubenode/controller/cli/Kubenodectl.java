package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.cli.admin.ApplyCommand;
import io.kubenode.controller.cli.admin.AuditCommand;
import io.kubenode.controller.cli.admin.KubeconfigCommand;
import io.kubenode.controller.cli.admin.CertificateCommand;
import io.kubenode.controller.cli.admin.DescribeCommand;
import io.kubenode.controller.cli.admin.DiffCommand;
import io.kubenode.controller.cli.admin.EditCommand;
import io.kubenode.controller.cli.admin.Environment;
import io.kubenode.controller.cli.admin.GetCommand;
import io.kubenode.controller.cli.admin.HistoryCommand;
import io.kubenode.controller.cli.admin.NodeCommand;
import io.kubenode.controller.cli.admin.RollbackCommand;
import io.kubenode.controller.cli.admin.RolloutCommand;
import io.kubenode.controller.cli.admin.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * kubenodectl: edits and inspects the desired state of kubenode clusters. validate, compile and render work on
 * files; the admin verbs talk to a controller with the credentials of a config file (--config, $KUBENODE_CONFIG,
 * ~/.kube/kubenode.conf).
 */
@Command(name = "kubenodectl",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "Edits and inspects the desired state of kubenode clusters.",
        subcommands = {ValidateCommand.class, CompileCommand.class, RenderCommand.class,
                ApplyCommand.class, GetCommand.class, DescribeCommand.class, EditCommand.class, DiffCommand.class,
                HistoryCommand.class, RollbackCommand.class, TokenCommand.class, NodeCommand.class, CertificateCommand.class,
                AuditCommand.class, KubeconfigCommand.class, RolloutCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class Kubenodectl extends CommandGroup implements Environment.Source {
    private final Environment environment;

    public Kubenodectl(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Environment environment() {
        return environment;
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(Environment.system(), out, err, args);
    }

    /** Runs with {@code environment} instead of the process's (tests: EDITOR, KUBENODE_CONFIG, home). */
    public static int run(Environment environment, PrintWriter out, PrintWriter err, String... args) {
        return CommandGroup.run(new Kubenodectl(environment), out, err, args);
    }

    public static void main(String[] args) {
        CommandGroup.exit(new Kubenodectl(Environment.system()), args);
    }
}
