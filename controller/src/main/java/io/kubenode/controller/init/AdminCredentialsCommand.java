package io.kubenode.controller.init;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.store.IssuedCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "admin-credentials",
        mixinStandardHelpOptions = true,
        description = {"Signs a further admin certificate (O=kubenode:admins) with the data dir's CA and records it "
                + "in the store, so 'kubenodectl certificate revoke SERIAL' can revoke it alone. Writes OUT/NAME.key "
                + "(0600), OUT/NAME.crt, OUT/ca.crt and OUT/NAME.conf (a kubenodectl config, 0600). The CA and "
                + "every other credential stay as they are. Safe while serve runs.",
                "Run it on the controller host as the user that owns the data dir (it reads pki/ca.key)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:the data dir is not initialised, a file in OUT exists, or the store "
                + "refused", CommandLines.EXIT_USAGE})
public final class AdminCredentialsCommand implements Callable<Integer> {
    @CommandLine.Mixin
    CredentialOptions options;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The admin's name (the certificate's CN, shown as 'who' in the audit log); lowercase "
                    + "letters, digits, '-' and '.'.")
    String name;

    @Option(names = "--server-url", paramLabel = "URL", converter = InitCommand.ServerUrlConverter.class,
            description = "The URL the config points kubenodectl at (default: the server of DIR/admin.conf).")
    String serverUrl;

    @Override
    public Integer call() throws IOException {
        Optional<InitLayout> checked = options.checkedLayout(name);
        if (checked.isEmpty()) {
            return CommandLines.FAILED;
        }
        InitLayout layout = checked.get();
        Optional<String> server = serverUrl != null ? Optional.of(serverUrl) : serverOf(layout, options.err());
        if (server.isEmpty()) {
            return CommandLines.FAILED;
        }
        Path dir = options.outDir();
        Path caFile = dir.resolve("ca.crt");
        Path configFile = dir.resolve(name + ".conf");
        Optional<ClientCredentials.Minted> minted = options.mint(layout, new SubjectName(name, SubjectName.ADMINS),
                IssuedCertificate.Kind.ADMIN, List.of(configFile));
        if (minted.isEmpty()) {
            return CommandLines.FAILED;
        }
        ClientCredentials.write(configFile, KubenodeConfig.of(server.get(), caFile, minted.get().certificateFile(),
                minted.get().keyFile()).toYaml(), true);
        ClientCredentials.report(options.out(), "admin " + name, minted.get(), List.of(configFile));
        return CommandLines.OK;
    }

    private static Optional<String> serverOf(InitLayout layout, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(layout.adminConfig())) {
            err.println("kubenode-controller: no " + layout.adminConfig() + " to take the server URL from; give "
                    + "--server-url");
            return Optional.empty();
        }
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(layout.adminConfig()));
        if (read instanceof ReadResult.Read<KubenodeConfig> config) {
            return Optional.of(config.value().server());
        }
        err.println("kubenode-controller: cannot read the server URL from " + layout.adminConfig()
                + "; give --server-url");
        return Optional.empty();
    }
}
