package io.kubenode.controller.backup;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "backup",
        mixinStandardHelpOptions = true,
        description = {"Writes a consistent copy of the controller's store to a new file (mode 0600). Safe while "
                + "serve runs: SQLite readers see one committed state.",
                "The PKI is not in the store: keep a copy of DIR/pki/ too (ca.key above all). Put a backup back "
                        + "with 'kubenode-controller restore', never by copying the file: restore keeps the "
                        + "revocations made since and moves catalog generations forward."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the store could not be opened or copied, or FILE exists",
                CommandLines.EXIT_USAGE})
public final class BackupCommand implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The controller's data dir.")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file; must not exist.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dataDir)) {
            spec.commandLine().getErr().println("kubenode-controller: no data dir at " + dataDir);
            return CommandLines.FAILED;
        }
        try (Store store = SqliteStore.open(dataDir)) {
            store.backup(out);
        } catch (StoreException e) {
            spec.commandLine().getErr().println("kubenode-controller: " + e.getMessage());
            return CommandLines.FAILED;
        }
        spec.commandLine().getOut().println("backup written to " + out.toAbsolutePath() + " (" + Files.size(out)
                + " bytes)");
        return CommandLines.OK;
    }
}
