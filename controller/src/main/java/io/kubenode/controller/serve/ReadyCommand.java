package io.kubenode.controller.serve;

import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.net.DirectHttpGet;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.init.InitLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The readiness wait of the systemd unit (ExecStartPost=): JDK 17 cannot send sd_notify's datagram, so "started"
 * means this command saw the API answer /readyz with 200. It speaks TLS to serve's --listen address (a wildcard
 * meaning this host's loopback) as to a name in the server certificate, verified against the data dir's CA: what it
 * checks is what agents check, and nothing it reads is a secret.
 */
@Command(name = "ready",
        mixinStandardHelpOptions = true,
        description = {"Waits until `serve` answers GET /readyz with 200 on --listen (0.0.0.0 and :: mean this host's "
                + "loopback), the server certificate verified against the data dir's CA. For systemd's "
                + "ExecStartPost=: takes serve's other options too, and ignores them."},
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:the API answered ready", "1:no ready answer within --timeout, or the data dir is not "
                + "initialised", CommandLines.EXIT_USAGE})
public final class ReadyCommand implements Callable<Integer> {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 250;
    private static final String NO_ANSWER_YET = "no answer yet";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "serve's data dir.")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9443",
            description = "serve's API address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the ready answer (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** serve's other options (and their values), so a unit can hand both commands the same list. */
    @CommandLine.Unmatched
    List<String> serveOptions = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        refuseUnknownOptions();
        ListenAddress address = ListenAddress.parse(listen, spec.commandLine());
        if (address.port() == 0 || timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), address.port() == 0
                    ? "--listen: port 0 has no fixed port to ask" : "--timeout: expected at least 1");
        }
        InitLayout layout = new InitLayout(dataDir);
        SSLContext tls;
        URI url;
        InetAddress target;
        try {
            X509Certificate server = Pem.readCertificate(Files.readString(layout.serverCertificate()));
            tls = CaTrust.context(CaTrust.trusting(CaTrust.parseBundle(Files.readAllBytes(layout.caCertificate()),
                    layout.caCertificate().toString())));
            url = URI.create("https://" + urlHost(nameIn(server)) + ":" + address.port() + "/readyz");
            target = connectTo(address.host());
        } catch (IOException | RuntimeException | CertificateParsingException e) {
            spec.commandLine().getErr().println("kubenode-controller: cannot check " + layout.dataDir()
                    + "'s API: " + e.getMessage());
            return CommandLines.FAILED;
        }
        return await(url, target, tls, Duration.ofSeconds(timeoutSeconds));
    }

    /** Asks until 200 or the deadline; every other answer or failure is retried, the last one reported. */
    private int await(URI url, InetAddress target, SSLContext tls, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = NO_ANSWER_YET;
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                spec.commandLine().getErr().println("kubenode-controller: the API on " + where(url, target)
                        + " did not answer /readyz with 200 within " + timeout.toSeconds() + " s: " + last);
                return CommandLines.FAILED;
            }
            Duration attempt = min(left, ATTEMPT_TIMEOUT);
            try {
                DirectHttpGet.Answer answer = DirectHttpGet.get(url, target, tls, attempt);
                if (answer.status() == 200) {
                    spec.commandLine().getOut().println("kubenode-controller: API on " + where(url, target)
                            + " is ready");
                    return CommandLines.OK;
                }
                last = answer.status() + " " + answer.bodyExcerpt();
            } catch (IOException e) {
                last = lastFinding(last, e, attempt.compareTo(ATTEMPT_TIMEOUT) < 0);
            }
            Thread.sleep(Math.min(RETRY_MILLIS, Math.max(1, left.toMillis())));
        }
    }

    /**
     * What to report after a failed attempt: its error, except the timeout of an attempt the deadline cut short,
     * which says nothing about the API and would hide what an earlier attempt found ("refused", a certificate).
     */
    static String lastFinding(String previous, IOException failure, boolean cutShortByTheDeadline) {
        if (failure instanceof SocketTimeoutException && cutShortByTheDeadline && !previous.equals(NO_ANSWER_YET)) {
            return previous;
        }
        return failure.getMessage();
    }

    /** Only serve's options may ride along: a mistyped option is a usage error, not a silent wait on the default. */
    private void refuseUnknownOptions() {
        Set<String> serve = new CommandLine(new ServeCommand()).getCommandSpec().optionsMap().keySet();
        for (String token : serveOptions) {
            String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
            if (name.startsWith("-") && !serve.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown option: '" + token + "'");
            }
        }
    }

    /** A name the certificate is valid for: a DNS name first, else an IPv4 address, else any address. */
    static String nameIn(X509Certificate server) throws CertificateParsingException {
        return server.getSubjectAlternativeNames() == null ? null : server.getSubjectAlternativeNames().stream()
                .filter(name -> (Integer) name.get(0) == DNS_NAME || (Integer) name.get(0) == IP_ADDRESS)
                .min(Comparator.comparingInt(name -> (Integer) name.get(0) == DNS_NAME ? 0
                        : ((String) name.get(1)).contains(":") ? 2 : 1))
                .map(name -> (String) name.get(1))
                .orElseThrow(() -> new IllegalStateException("the server certificate names no DNS name or address"));
    }

    private static String urlHost(String name) {
        return name.contains(":") ? "[" + name + "]" : name;
    }

    /** serve's wildcard addresses listen on loopback too; a named address is asked where it is. */
    static InetAddress connectTo(String listenHost) throws IOException {
        if (listenHost.isEmpty() || listenHost.equals("0.0.0.0")) {
            return InetAddress.getByName("127.0.0.1");
        }
        if (listenHost.equals("::") || listenHost.equals("0:0:0:0:0:0:0:0")) {
            return InetAddress.getByName("::1");
        }
        return InetAddress.getByName(listenHost);
    }

    private static String where(URI url, InetAddress target) {
        String address = target.getHostAddress();
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + url.getPort() + " (as "
                + url.getHost() + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
