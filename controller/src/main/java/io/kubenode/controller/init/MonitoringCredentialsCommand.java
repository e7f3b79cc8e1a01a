package io.kubenode.controller.init;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.store.IssuedCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "monitoring-credentials",
        mixinStandardHelpOptions = true,
        description = {"Signs a certificate for Prometheus (O=kubenode:monitoring) with the data dir's CA and records "
                + "it in the store, so 'kubenodectl certificate revoke SERIAL' can revoke it. It may read "
                + "GET /api/v1/monitoring/targets (Prometheus's HTTP service discovery) and nothing else. Writes "
                + "OUT/NAME.key (0600: give it to the user Prometheus runs as), OUT/NAME.crt and OUT/ca.crt. Safe "
                + "while serve runs.",
                "Run it on the controller host as the user that owns the data dir (it reads pki/ca.key)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the data dir is not initialised, a file in OUT exists, or the store "
                + "refused", CommandLines.EXIT_USAGE})
public final class MonitoringCredentialsCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CredentialOptions options;

    @Option(names = "--name", defaultValue = "prometheus", paramLabel = "NAME",
            description = "The certificate's CN (default: ${DEFAULT-VALUE}); lowercase letters, digits, '-' and '.'.")
    String name;

    @Override
    public Integer call() throws IOException {
        Optional<InitLayout> layout = options.checkedLayout(name);
        Optional<ClientCredentials.Minted> minted = layout.isEmpty() ? Optional.empty()
                : options.mint(layout.get(), new SubjectName(name, SubjectName.MONITORING),
                IssuedCertificate.Kind.MONITORING, List.of());
        if (minted.isEmpty()) {
            return CommandLines.FAILED;
        }
        ClientCredentials.report(options.out(), "monitoring " + name, minted.get(), List.of());
        return CommandLines.OK;
    }
}
