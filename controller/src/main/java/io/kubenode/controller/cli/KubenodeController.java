package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.backup.BackupCommand;
import io.kubenode.controller.backup.RestoreCommand;
import io.kubenode.controller.init.AdminCredentialsCommand;
import io.kubenode.controller.init.MonitoringCredentialsCommand;
import io.kubenode.controller.init.InitCommand;
import io.kubenode.controller.serve.ReadyCommand;
import io.kubenode.controller.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * kubenode-controller: the central service. init creates its PKI; serve runs the API and ready waits until it
 * answers; backup copies the store and restore puts a copy back; admin-credentials signs further admin certificates.
 */
@Command(name = "kubenode-controller",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "The kubenode controller: stores desired state, signs agent certificates, serves catalogs.",
        subcommands = {InitCommand.class, ServeCommand.class, ReadyCommand.class, BackupCommand.class,
                RestoreCommand.class, AdminCredentialsCommand.class, MonitoringCredentialsCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class KubenodeController extends CommandGroup {

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return CommandGroup.run(new KubenodeController(), out, err, args);
    }

    public static void main(String[] args) {
        CommandGroup.exit(new KubenodeController(), args);
    }
}
