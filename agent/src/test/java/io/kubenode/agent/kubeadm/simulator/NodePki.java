package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;
import io.kubenode.common.pki.SubjectName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /etc/kubernetes/pki} of one node as kubeadm uses it: CAs and the service-account key are taken from there
 * when present (generated only when absent, as kubeadm does on init), leaf certificates are issued by them.
 */
final class NodePki {
    static final String PKI = "/etc/kubernetes/pki";
    /** The files every control plane must share (kubeadm's list for a control-plane join without --certificate-key). */
    static final List<String[]> SHARED = List.of(
            new String[] {"certificate", "CA", "ca.crt"}, new String[] {"key", "CA", "ca.key"},
            new String[] {"key", "service account", "sa.key"}, new String[] {"public key", "service account", "sa.pub"},
            new String[] {"certificate", "front-proxy CA", "front-proxy-ca.crt"},
            new String[] {"key", "front-proxy CA", "front-proxy-ca.key"},
            new String[] {"certificate", "etcd CA", "etcd/ca.crt"}, new String[] {"key", "etcd CA", "etcd/ca.key"});
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    private final SimulatorEnv env;

    NodePki(SimulatorEnv env) {
        this.env = env;
    }

    Path file(String name) {
        return env.host(PKI + "/" + name);
    }

    /** kubeadm init: each CA (and sa.key/pub) from its files, or a new one when both files are absent. */
    CertificateAuthority ensureCas(List<String> log) {
        CertificateAuthority cluster = ensureCa("ca", "kubernetes", log);
        ensureCa("front-proxy-ca", "front-proxy-ca", log);
        ensureCa("etcd/ca", "etcd-ca", log);
        if (!Files.exists(file("sa.key")) && !Files.exists(file("sa.pub"))) {
            KeyPair pair = KeyPairs.rsa2048();
            writeSecret(file("sa.key"), Pem.writeRsaPkcs1(pair.getPrivate()));
            writePublic(file("sa.pub"), Pem.write(pair.getPublic()));
            log.add("[certs] Generating \"sa\" key and public key");
        } else {
            readKey("sa.key", "service account");
            log.add("[certs] Using the existing \"sa\" key");
        }
        return cluster;
    }

    private CertificateAuthority ensureCa(String base, String commonName, List<String> log) {
        boolean certificate = Files.exists(file(base + ".crt"));
        boolean key = Files.exists(file(base + ".key"));
        if (!certificate && !key) {
            CertificateAuthority created = CertificateAuthority.createKubeadmStyle(commonName, KeyPairs.rsa2048());
            writePublic(file(base + ".crt"), Pem.write(created.certificate()));
            writeSecret(file(base + ".key"), Pem.writeRsaPkcs1(created.privateKey()));
            log.add("[certs] Generating \"" + base + "\" certificate and key");
            return created;
        }
        CertificateAuthority existing = loadCa(base);
        log.add("[certs] Using existing " + base + " certificate authority");
        return existing;
    }

    /** The cluster CA from ca.crt + ca.key, refused with kubeadm's wording when a file is missing or bad. */
    CertificateAuthority loadCa(String base) {
        X509Certificate certificate = readCertificate(base + ".crt", base);
        PrivateKey key = readKey(base + ".key", base);
        try {
            return CertificateAuthority.load(certificate, key);
        } catch (PkiException e) {
            throw new SimulatorFailure("failure loading " + base + " certificate authority: " + e.getMessage());
        }
    }

    X509Certificate readCertificate(String name, String what) {
        Path path = file(name);
        try {
            return Pem.readCertificate(Files.readString(path));
        } catch (IOException e) {
            throw new SimulatorFailure("failure loading certificate for " + what + ": couldn't load the certificate "
                    + "file " + PKI + "/" + name + ": open " + PKI + "/" + name + ": no such file or directory");
        } catch (PkiException e) {
            throw new SimulatorFailure("failure loading certificate for " + what + ": " + PKI + "/" + name + ": "
                    + e.getMessage());
        }
    }

    PrivateKey readKey(String name, String what) {
        Path path = file(name);
        try {
            return readAnyKey(Files.readString(path));
        } catch (IOException e) {
            throw new SimulatorFailure("failure loading key for " + what + ": couldn't load the private key file "
                    + PKI + "/" + name + ": open " + PKI + "/" + name + ": no such file or directory");
        } catch (PkiException e) {
            throw new SimulatorFailure("failure loading key for " + what + ": " + PKI + "/" + name + ": "
                    + e.getMessage());
        }
    }

    static PrivateKey readAnyKey(String pem) {
        return pem.contains("BEGIN RSA PRIVATE KEY") ? Pem.readRsaPkcs1PrivateKey(pem) : Pem.readPrivateKey(pem);
    }

    /** Every shared file that is missing, in kubeadm's words; empty when a control plane may join. */
    List<String> missingSharedFiles() {
        List<String> problems = new ArrayList<>();
        for (String[] shared : SHARED) {
            if (!Files.isRegularFile(file(shared[2]))) {
                String kind = shared[0].equals("certificate") ? "certificate" : "private key";
                problems.add("failure loading " + shared[0] + " for " + shared[1] + ": couldn't load the " + kind
                        + " file " + PKI + "/" + shared[2] + ": open " + PKI + "/" + shared[2]
                        + ": no such file or directory");
            }
        }
        return problems;
    }

    /** apiserver.crt/key: serving certificate for these names (kubeadm's SANs), signed by the cluster CA. */
    void issueApiServer(CertificateAuthority ca, Set<String> names) {
        KeyPair pair = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueServer(pair.getPublic(), "kube-apiserver", List.copyOf(names),
                LEAF_VALIDITY);
        writePublic(file("apiserver.crt"), Pem.write(certificate));
        writeSecret(file("apiserver.key"), Pem.write(pair.getPrivate()));
    }

    /** A client identity (CN user, O group) signed by the CA, for a kubeconfig. */
    static Kubeconfig.ClientIdentity client(CertificateAuthority ca, String user, String group) {
        KeyPair pair = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueClient(pair.getPublic(), new SubjectName(user, group), LEAF_VALIDITY);
        return new Kubeconfig.ClientIdentity(pair.getPrivate(), certificate);
    }

    /** kubeadm's apiserver SANs: node name, kubernetes.default..., the service IP, advertise address, endpoint, certSANs. */
    static Set<String> apiServerNames(String nodeName, String advertiseAddress, NodeConfig.ClusterSettings cluster) {
        Set<String> names = new LinkedHashSet<>(List.of(nodeName, "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        String serviceIp = firstAddress(cluster.serviceSubnet());
        if (serviceIp != null) {
            names.add(serviceIp);
        }
        names.add(advertiseAddress);
        if (cluster.endpointHost() != null) {
            names.add(cluster.endpointHost());
        }
        names.addAll(cluster.certSANs());
        return names;
    }

    /** 10.96.0.0/12 → 10.96.0.1 (IPv4 only; null otherwise). */
    static String firstAddress(String subnet) {
        if (subnet == null || !subnet.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+")) {
            return null;
        }
        String[] octets = subnet.substring(0, subnet.indexOf('/')).split("\\.");
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 1);
    }

    static void writeSecret(Path file, String content) {
        write(file, content, "rw-------");
    }

    static void writePublic(Path file, String content) {
        write(file, content, "rw-r--r--");
    }

    /** Atomic replace of a file created with its final mode, so a key is never readable by others, not even briefly. */
    private static void write(Path file, String content, String mode) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(temporary, content);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
