package io.kubenode.agent.identity;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The node's key and certificates in the state dir's pki/ (directory 0700, key 0600), replaced so that a crash at
 * any moment leaves a matching pair to start from:
 * <ol>
 *   <li>{@link #stageKey}: node.key.new, before the CSR leaves (a stale node.crt.new is removed first);</li>
 *   <li>{@link #commit}: node.crt.new (and ca.crt when given), then node.key := node.key.new,
 *       node.crt := node.crt.new, each an atomic replace, then the .new files are removed.</li>
 * </ol>
 * {@link #load} finishes a swap a crash interrupted: a staged pair that matches is promoted again (idempotent),
 * a staged key without its certificate (the renewal died before the answer) is dropped. Then node.key and node.crt
 * must match, or the agent refuses to start with a message saying so.
 */
public final class NodePki {
    private static final System.Logger LOG = System.getLogger(NodePki.class.getName());
    private static final FileAttributes KEY = FileAttributes.mode("0600");
    private static final FileAttributes PUBLIC = FileAttributes.mode("0644");
    private static final String NEW = ".new";

    private final Host host;
    private final String dir;

    public NodePki(Host host, String stateDir) {
        this.host = host;
        this.dir = stateDir + "/pki";
    }

    public String dir() {
        return dir;
    }

    public String keyPath() {
        return dir + "/node.key";
    }

    public String certificatePath() {
        return dir + "/node.crt";
    }

    public String caPath() {
        return dir + "/ca.crt";
    }

    /** Writes the new key (0600, in a 0700 directory) where a crash cannot mistake it for the current one. */
    public void stageKey(PrivateKey key) throws HostException {
        host.createDirectories(dir);
        host.setAttributes(dir, FileAttributes.mode("0700"));
        host.delete(certificatePath() + NEW);
        host.writeAtomically(keyPath() + NEW, Pem.write(key).getBytes(StandardCharsets.US_ASCII), KEY);
    }

    /** Installs the certificate for the staged key (and the CA, when enrolling); see the class comment. */
    public void commit(X509Certificate certificate, Optional<X509Certificate> ca) throws HostException {
        byte[] stagedKey = host.read(keyPath() + NEW)
                .orElseThrow(() -> new HostException(keyPath() + NEW + " is gone: no staged key to commit"));
        byte[] certificatePem = Pem.write(certificate).getBytes(StandardCharsets.US_ASCII);
        host.writeAtomically(certificatePath() + NEW, certificatePem, PUBLIC);
        if (ca.isPresent()) {
            host.writeAtomically(caPath(), Pem.write(ca.get()).getBytes(StandardCharsets.US_ASCII), PUBLIC);
        }
        promote(stagedKey, certificatePem);
    }

    /** Drops a staged key whose certificate will not come (the request failed). */
    public void discardStaged() throws HostException {
        host.delete(certificatePath() + NEW);
        host.delete(keyPath() + NEW);
    }

    /**
     * The current identity after finishing or dropping an interrupted swap; empty when the node is not enrolled
     * (no key and no certificate). A lone key or certificate, or a pair that does not match, is an error.
     */
    public Optional<NodeIdentity> load() throws HostException {
        recoverInterruptedSwap();
        Optional<byte[]> key = host.read(keyPath());
        Optional<byte[]> certificate = host.read(certificatePath());
        if (key.isEmpty() && certificate.isEmpty()) {
            return Optional.empty();
        }
        if (key.isEmpty() || certificate.isEmpty()) {
            throw new HostException((key.isEmpty() ? keyPath() : certificatePath()) + " is missing beside "
                    + (key.isEmpty() ? certificatePath() : keyPath()) + ": enroll again (kubenode-agent enroll)");
        }
        byte[] ca = host.read(caPath()).orElseThrow(() -> new HostException(caPath() + " is missing: enroll again"));
        NodeIdentity identity;
        try {
            identity = new NodeIdentity(Pem.readPrivateKey(text(key.get())),
                    Pem.readCertificate(text(certificate.get())), Pem.readCertificate(text(ca)));
        } catch (PkiException e) {
            throw new HostException("unreadable node key or certificate under " + dir + ": " + e.getMessage(), e);
        }
        if (!NodeIdentity.keyMatches(identity.key(), identity.certificate())) {
            throw new HostException(keyPath() + " does not match " + certificatePath() + ": enroll again");
        }
        return Optional.of(identity);
    }

    private void recoverInterruptedSwap() throws HostException {
        Optional<byte[]> stagedKey = host.read(keyPath() + NEW);
        Optional<byte[]> stagedCertificate = host.read(certificatePath() + NEW);
        if (stagedKey.isPresent() && stagedCertificate.isPresent() && pairMatches(stagedKey.get(),
                stagedCertificate.get())) {
            LOG.log(System.Logger.Level.WARNING, "finishing a certificate swap that was interrupted in " + dir);
            promote(stagedKey.get(), stagedCertificate.get());
        } else if (stagedKey.isPresent() || stagedCertificate.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "dropping staged files without their pair (a renewal that failed, or "
                    + "one whose cleanup was cut short) in " + dir);
            discardStaged();
        }
    }

    /** node.key first: between the two writes the staged pair is still complete, so {@link #load} redoes both. */
    private void promote(byte[] keyPem, byte[] certificatePem) throws HostException {
        host.writeAtomically(keyPath(), keyPem, KEY);
        host.writeAtomically(certificatePath(), certificatePem, PUBLIC);
        // the certificate first: a staged key left alone is dropped by load, a staged certificate alone too
        host.delete(certificatePath() + NEW);
        host.delete(keyPath() + NEW);
    }

    private static boolean pairMatches(byte[] keyPem, byte[] certificatePem) {
        try {
            return NodeIdentity.keyMatches(Pem.readPrivateKey(text(keyPem)), Pem.readCertificate(text(certificatePem)));
        } catch (PkiException e) {
            return false;
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
