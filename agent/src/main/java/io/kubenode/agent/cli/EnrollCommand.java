package io.kubenode.agent.cli;

import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.enroll.EnrollTrust;
import io.kubenode.agent.enroll.Enrollment;
import io.kubenode.agent.enroll.EnrollmentException;
import io.kubenode.agent.enroll.NodeNames;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.identity.CaPin;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.PkiException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "enroll",
        mixinStandardHelpOptions = true,
        description = {"Enrolls this node with the controller: makes the node key here (it never leaves the machine), "
                + "sends its certificate request with a bootstrap token and saves key (0600), certificate and CA under "
                + "the state dir's pki/, and the controller's address in enrollment.yaml for run. The controller is "
                + "trusted by its CA file or by the CA pin that kubenode-controller init printed, never on first use. "
                + "Stop a running agent first (they share the state dir's lock)."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:enrolled", "1:refused (token, CSR, trust), controller unreachable, or another run holds "
                + "the lock", CommandLines.EXIT_USAGE})
final class EnrollCommand implements Callable<Integer> {

    @Option(names = "--controller", required = true, paramLabel = "URL",
            description = "The controller, https://HOST[:PORT] (its certificate must name HOST).")
    String controller;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Trust trust;

    static final class Trust {
        @Option(names = "--ca-file", paramLabel = "FILE", description = "Trust only the CA certificate(s) in FILE.")
        String caFile;

        @Option(names = "--ca-hash", paramLabel = "sha256:HEX",
                description = "Trust the controller only if its chain holds a CA with this public key hash.")
        String caHash;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    TokenSource tokenSource;

    /** The token on the command line (seen by every local user in ps), in a file, or on standard input. */
    static final class TokenSource {
        @Option(names = "--token", paramLabel = "ID.SECRET",
                description = "The bootstrap token (kubenodectl token create); never printed. The command line is "
                        + "visible to every local user (ps): prefer --token-file.")
        String value;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "Read the bootstrap token from FILE, or from standard input for '-'; surrounding "
                        + "whitespace is ignored.")
        String file;
    }

    /** More than any token; a larger file is not a token file. */
    private static final int MAX_TOKEN_FILE_BYTES = 4096;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This node's name (default: the hostname, lower-cased); a DNS-1123 name.")
    String nodeName;

    @Mixin
    HostOptions hostOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws HostException, InterruptedException {
        CommandLine commandLine = spec.commandLine();
        ControllerUrl url = usage(() -> ControllerUrl.parse(controller), "--controller");
        EnrollTrust enrollTrust = trust();
        String token = token();
        Host host = hostOptions.host(commandLine);
        String name = nodeName(host);
        StateDir state = hostOptions.state(host);
        Optional<HostLock> lock = hostOptions.lock(state, commandLine);
        if (lock.isEmpty()) {
            return CommandLines.FAILED;
        }
        try (HostLock held = lock.get()) {
            Enrollment.Enrolled enrolled = new Enrollment(state, Clock.systemUTC())
                    .enroll(new Enrollment.Request(url, name, enrollTrust, token));
            commandLine.getOut().println("enrolled node " + enrolled.nodeName() + " with " + url + ": certificate "
                    + "serial " + enrolled.certificate().getSerialNumber().toString(16) + " valid until "
                    + enrolled.certificate().getNotAfter().toInstant() + ", CA " + Fingerprint.caCertHash(enrolled.ca())
                    + "; key, certificate and CA in " + enrolled.pkiDir() + ". Next: kubenode-agent run");
            commandLine.getOut().flush();
            return CommandLines.OK;
        } catch (EnrollmentException e) {
            commandLine.getErr().println("enroll: " + e.getMessage());
            commandLine.getErr().flush();
            return CommandLines.FAILED;
        }
    }

    /** The token from where the options say; a usage error (never showing it) when it is not one printable word. */
    private String token() throws HostException {
        String option = tokenSource.value != null ? "--token" : "--token-file";
        String token = tokenSource.value != null ? tokenSource.value : readTokenFile().strip();
        if (token.isBlank() || !token.chars().allMatch(character -> character > ' ' && character < 127)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected ID.SECRET (printable, "
                    + "no spaces)");
        }
        return token;
    }

    private String readTokenFile() throws HostException {
        byte[] bytes;
        if (tokenSource.file.equals("-")) {
            try {
                bytes = System.in.readNBytes(MAX_TOKEN_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new HostException("--token-file -: cannot read standard input: " + e.getMessage(), e);
            }
        } else {
            bytes = LocalHost.machine().read(CatalogOption.absolute(tokenSource.file)).orElseThrow(() ->
                    new HostException("--token-file " + tokenSource.file + ": no such file"));
        }
        if (bytes.length > MAX_TOKEN_FILE_BYTES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file: expected ID.SECRET, got "
                    + "more than " + MAX_TOKEN_FILE_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private EnrollTrust trust() throws HostException {
        if (trust.caHash != null) {
            return new EnrollTrust.Pin(usage(() -> CaPin.parse(trust.caHash), "--ca-hash"));
        }
        String path = CatalogOption.absolute(trust.caFile);
        byte[] pem = LocalHost.machine().read(path)
                .orElseThrow(() -> new HostException("--ca-file " + trust.caFile + ": no such file"));
        try {
            return new EnrollTrust.CaFile(path, CaTrust.parseBundle(pem, path));
        } catch (PkiException e) {
            throw new HostException("--ca-file " + e.getMessage(), e);
        }
    }

    private String nodeName(Host host) throws HostException {
        if (nodeName == null) {
            return NodeNames.fromHostname(host);
        }
        Optional<String> problem = NodeNames.problem(nodeName);
        if (problem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--node-name: " + problem.get());
        }
        return nodeName;
    }

    /** A value parsed from an option; an IllegalArgumentException becomes a usage error naming the option. */
    private <T> T usage(java.util.function.Supplier<T> parse, String option) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
