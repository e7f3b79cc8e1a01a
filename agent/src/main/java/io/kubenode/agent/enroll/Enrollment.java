package io.kubenode.agent.enroll;

import io.kubenode.agent.controller.ControllerException;
import io.kubenode.agent.controller.ControllerHttp;
import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.controller.IssuedCertificate;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.identity.IssuedCertificateCheck;
import io.kubenode.agent.identity.NodePki;
import io.kubenode.agent.state.EnrollmentRecord;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.NodeCsr;
import io.kubenode.common.pki.Pem;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kubenode-agent enroll}: a key made here (never sent) and staged 0600 before anything leaves, its CSR
 * (CN=node, O=kubenode:nodes) posted with the bootstrap token to a controller the agent trusts by CA file or pin,
 * the answer checked ({@link IssuedCertificateCheck}), then key, certificate and CA installed crash-safely and
 * enrollment.yaml written. Any failure leaves the previous pki (if any) as it was.
 */
public final class Enrollment {
    private static final String WHAT = "enrollment";

    private final StateDir state;
    private final Clock clock;

    public Enrollment(StateDir state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** What to enroll as, where, trusting what. {@code toString} leaves the token out. */
    public record Request(ControllerUrl controller, String nodeName, EnrollTrust trust, String token) {
        @Override
        public String toString() {
            return "Request[" + controller + ", " + nodeName + ", " + trust + "]";
        }
    }

    /** The installed certificate and CA. */
    public record Enrolled(String nodeName, X509Certificate certificate, X509Certificate ca, String pkiDir) {
    }

    public Enrolled enroll(Request request) throws EnrollmentException, InterruptedException {
        KeyPair key = KeyPairs.ecP256();
        NodePki pki = state.pki();
        try {
            pki.stageKey(key.getPrivate());
        } catch (HostException e) {
            throw new EnrollmentException("cannot write the node key under " + pki.dir() + ": " + e.getMessage(), e);
        }
        try {
            X509ExtendedTrustManager trust = request.trust().trustManager();
            IssuedCertificate issued = send(request, key, trust);
            X509Certificate ca = checked(issued, request, key, trust);
            pki.commit(issued.certificate(), Optional.of(ca));
            state.saveEnrollment(new EnrollmentRecord(request.controller().toString(), request.nodeName()));
            return new Enrolled(request.nodeName(), issued.certificate(), ca, pki.dir());
        } catch (HostException e) {
            discard(pki);
            throw new EnrollmentException("cannot save the certificate under " + pki.dir() + ": " + e.getMessage(), e);
        } catch (EnrollmentException | RuntimeException e) {
            discard(pki);
            throw e;
        }
    }

    private IssuedCertificate send(Request request, KeyPair key, X509ExtendedTrustManager trust)
            throws EnrollmentException, InterruptedException {
        String body = Documents.toJson(Map.of("nodeName", request.nodeName(),
                "csr", Pem.write(NodeCsr.create(request.nodeName(), key))));
        HttpRequest post = HttpRequest.newBuilder(request.controller().resolve("/api/v1/enroll"))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + request.token())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<byte[]> response = ControllerHttp.expect(ControllerHttp.send(
                    ControllerHttp.client(CaTrust.context(trust)), post, WHAT, ControllerHttp.ANSWER_MAX_BYTES),
                    WHAT, 200);
            return IssuedCertificate.parse(WHAT, response.body());
        } catch (ControllerException e) {
            throw new EnrollmentException(explain(request, trust, e), e);
        }
    }

    private String explain(Request request, X509ExtendedTrustManager trust, ControllerException e) {
        Optional<String> pinRefusal = request.trust().handshakeRefusal(trust);
        if (pinRefusal.isPresent()) {
            return "refusing the controller at " + request.controller() + ": " + pinRefusal.get()
                    + "; nothing was sent (check --ca-hash against what kubenode-controller init printed)";
        }
        if (e.kind() == ControllerException.Kind.UNREACHABLE && e.getCause() instanceof SSLHandshakeException) {
            String trusted = request.trust() instanceof EnrollTrust.CaFile file ? "the CA in " + file.source()
                    : "the pinned CA";
            return "cannot verify the controller at " + request.controller() + " with " + trusted + ": "
                    + e.getCause().getMessage() + "; nothing was sent";
        }
        return e.getMessage();
    }

    private X509Certificate checked(IssuedCertificate issued, Request request, KeyPair key,
                                    X509ExtendedTrustManager trust) throws EnrollmentException {
        IssuedCertificateCheck.Result result = IssuedCertificateCheck.check(issued.certificate(), issued.ca(),
                request.trust().anchors(trust), key, request.nodeName(), clock.instant());
        if (result instanceof IssuedCertificateCheck.Result.Refused refused) {
            throw new EnrollmentException("the controller's answer was not installed: " + refused.reason());
        }
        return ((IssuedCertificateCheck.Result.Accepted) result).ca();
    }

    private static void discard(NodePki pki) {
        try {
            pki.discardStaged();
        } catch (HostException e) {
            // the next load drops a staged key without its certificate
        }
    }
}
