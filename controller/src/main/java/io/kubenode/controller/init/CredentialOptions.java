package io.kubenode.controller.init;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The options of the commands that mint a client credential on the controller host. */
final class CredentialOptions {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The controller's data dir.")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "OUT",
            description = "Directory for the new files (made 0700 if missing); none of them may exist yet.")
    Path out;

    @Option(names = "--days", paramLabel = "DAYS", defaultValue = "" + ClientCredentials.DEFAULT_DAYS,
            description = "Validity in days (default: ${DEFAULT-VALUE}, at most " + ClientCredentials.MAX_DAYS + ").")
    int days;

    /**
     * The data dir once {@code name} and the days are valid (else a usage error) and it has a CA to sign with; empty,
     * with the reason on the command's stderr, when it has none.
     */
    Optional<InitLayout> checkedLayout(CommandLine.Model.CommandSpec spec, String name) {
        ClientCredentials.checkArguments(spec, name, days);
        InitLayout layout = new InitLayout(dataDir);
        return ClientCredentials.initialised(layout, spec.commandLine().getErr()) ? Optional.of(layout)
                : Optional.empty();
    }

    Path outDir() {
        return out.toAbsolutePath().normalize();
    }
}
