package io.kubenode.controller.init;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.net.IpAddress;
import io.kubenode.common.validation.Patterns;
import io.kubenode.common.pki.SubjectAltNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init",
        mixinStandardHelpOptions = true,
        description = {"Creates the controller's CA (ECDSA P-256), its server certificate and admin credentials under "
                + "DIR/pki, and DIR/admin.conf for kubenodectl. Prints the files and the CA pin; never a key.",
                "serve records pki/admin.crt in the store when it starts, so it can be revoked by serial; further "
                        + "admins: kubenode-controller admin-credentials."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:already initialised (without --force) or cannot write DIR",
                CommandLines.EXIT_USAGE})
public final class InitCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 9443;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The controller's data dir.")
    Path dataDir;

    @Option(names = "--san", required = true, split = ",", paramLabel = "NAME_OR_IP", converter = SanConverter.class,
            description = "A name or IP address agents and kubenodectl reach the controller by; repeat for more.")
    List<String> sans;

    @Option(names = "--server-url", paramLabel = "URL", converter = ServerUrlConverter.class,
            description = "The URL admin.conf points kubenodectl at (default: https://<first SAN>:" + DEFAULT_PORT + ").")
    String serverUrl;

    @Option(names = "--force", description = "Replace an existing CA; every certificate the old one signed stops working.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InitLayout layout = new InitLayout(dataDir);
        if (!force && Files.exists(layout.caKey())) {
            spec.commandLine().getErr().println("init: " + layout.caKey() + " exists: " + layout.dataDir()
                    + " is initialised already (--force replaces its CA)");
            return CommandLines.FAILED;
        }
        PkiInitializer.Created created;
        try {
            created = PkiInitializer.initialise(layout, sans, serverUrl != null ? serverUrl : defaultUrl(sans.get(0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        created.files().forEach(file -> out.println("created " + file));
        out.println("CA pin: " + created.caCertHash());
        out.flush();
        return CommandLines.OK;
    }

    static String defaultUrl(String san) {
        boolean ipv6 = IpAddress.parse(san).map(address -> !address.isIpv4()).orElse(false);
        return "https://" + (ipv6 ? "[" + san + "]" : san) + ":" + DEFAULT_PORT;
    }

    static final class SanConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            SubjectAltNames.problem(value).ifPresent(problem -> {
                throw new CommandLine.TypeConversionException(problem);
            });
            return value;
        }
    }

    static final class ServerUrlConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Patterns.isHttpsUrl(value)) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an https URL with a host, e.g. https://controller.internal:" + DEFAULT_PORT);
            }
            return value;
        }
    }
}
