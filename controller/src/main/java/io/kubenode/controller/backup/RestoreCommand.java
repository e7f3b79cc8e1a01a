package io.kubenode.controller.backup;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.store.StoreException;
import io.kubenode.controller.store.StoreRestore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "restore",
        mixinStandardHelpOptions = true,
        description = {"Puts a backup made by 'kubenode-controller backup' back as the data dir's store. Stop serve "
                + "first. Every certificate record and every certificate and token revocation made since the backup "
                + "is kept (taken from the store being replaced), and every node's catalog generation moves above "
                + "any an agent may have cached, so agents take the restored catalogs.",
                "Without a readable store to replace, revocations made since the backup cannot be known: restore then"
                        + " lists what would be valid again and refuses; --force restores anyway and moves "
                        + "generations up by " + StoreRestore.GENERATION_JUMP + ".",
                "The replaced store is kept as DIR/kubenode.db.before-restore-<millis>. The PKI is not in the store."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:refused (no readable store to merge from, without --force; serve "
                + "running; no backup file) or the restore failed, leaving the store as it was",
                CommandLines.EXIT_USAGE})
public final class RestoreCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The controller's data dir.")
    Path dataDir;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file.")
    Path from;

    @Option(names = "--force", description = "Restore even when there is no readable store to carry revocations over "
            + "from; what the backup makes valid again is printed.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        StoreRestore.Outcome outcome;
        try {
            outcome = new StoreRestore(dataDir, from, Clock.systemUTC()).restore(force);
        } catch (StoreException e) {
            spec.commandLine().getErr().println("kubenode-controller: " + e.getMessage());
            return CommandLines.FAILED;
        }
        if (outcome instanceof StoreRestore.Refused refused) {
            spec.commandLine().getErr().println("kubenode-controller: restore refused");
            refused.lines().forEach(spec.commandLine().getErr()::println);
            return CommandLines.FAILED;
        }
        outcome.lines().forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return CommandLines.OK;
    }
}
