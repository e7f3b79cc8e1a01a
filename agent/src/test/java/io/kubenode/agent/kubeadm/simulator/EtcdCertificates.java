package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;

import java.io.PrintStream;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * kubeadm's certs phase for stacked etcd: {@code /etc/kubernetes/pki/etcd/{server,peer,healthcheck-client}.{crt,key}}
 * issued by the etcd CA. Server and peer carry kubeadm's SANs (node name, localhost, the advertise address, 127.0.0.1,
 * ::1) and both usages: etcd members dial each other, and etcd's gateway dials its own server, with them.
 */
final class EtcdCertificates {
    static final String DIR = NodePki.PKI + "/etcd";
    static final String CA = DIR + "/ca.crt";
    static final String SERVER = DIR + "/server";
    static final String PEER = DIR + "/peer";
    static final String HEALTHCHECK_CLIENT = DIR + "/healthcheck-client";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private EtcdCertificates() {
    }

    static void issue(SimulatorEnv env, String nodeName, String advertiseAddress, PrintStream out) {
        CertificateAuthority ca = new NodePki(env).loadCa("etcd/ca");
        List<String> names = List.of(nodeName, "localhost", advertiseAddress, "127.0.0.1", "::1");
        for (String base : List.of(SERVER, PEER)) {
            KeyPair pair = KeyPairs.ecP256();
            write(env, base, ca.issuePeer(pair.getPublic(), nodeName, names, VALIDITY), pair);
            out.println("[certs] Generating \"" + base.substring(NodePki.PKI.length() + 1) + "\" certificate and key");
            out.println("[certs] " + base.substring(DIR.length() + 1) + " serving cert is signed for DNS names "
                    + names);
        }
        KeyPair pair = KeyPairs.ecP256();
        write(env, HEALTHCHECK_CLIENT, ca.issueClient(pair.getPublic(), new SubjectName(
                "kube-etcd-healthcheck-client", "system:masters"), VALIDITY), pair);
        out.println("[certs] Generating \"etcd/healthcheck-client\" certificate and key");
    }

    private static void write(SimulatorEnv env, String base, X509Certificate certificate, KeyPair pair) {
        NodePki.writePublic(env.host(base + ".crt"), Pem.write(certificate));
        NodePki.writeSecret(env.host(base + ".key"), Pem.write(pair.getPrivate()));
    }
}
