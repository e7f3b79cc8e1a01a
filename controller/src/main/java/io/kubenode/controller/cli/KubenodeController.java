package io.kubenode.controller.cli;

import io.kubenode.common.cli.CommandGroup;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine.Command;

/**
 * kubenode-controller: the central service. Its commands (init, serve, backup) arrive with the controller issue;
 * until then it answers --help and --version only.
 */
@Command(name = "kubenode-controller",
        mixinStandardHelpOptions = true,
        versionProvider = CommandLines.Version.class,
        description = "The kubenode controller: stores desired state, signs agent certificates, serves catalogs.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, CommandLines.EXIT_FAILED, CommandLines.EXIT_USAGE})
public final class KubenodeController extends CommandGroup {

    public static void main(String[] args) {
        CommandGroup.exit(new KubenodeController(), args);
    }
}
