package io.kubenode.controller.init;

import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.store.IssuedCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The options of the commands that mint a client credential on the controller host. */
final class CredentialOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

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
    Optional<InitLayout> checkedLayout(String name) {
        ClientCredentials.checkArguments(spec, name, days);
        InitLayout layout = new InitLayout(dataDir);
        return ClientCredentials.initialised(layout, err()) ? Optional.of(layout) : Optional.empty();
    }

    /** {@link ClientCredentials#mint} into OUT for {@code subject}, for {@link #days}. */
    Optional<ClientCredentials.Minted> mint(InitLayout layout, SubjectName subject, IssuedCertificate.Kind kind,
                                            List<Path> moreFiles) throws IOException {
        return ClientCredentials.mint(layout, subject, kind, days, outDir(), moreFiles, err());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Path outDir() {
        return out.toAbsolutePath().normalize();
    }
}
