package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.agent.host.RealCommands;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real etcd members (Debian's etcd-server) started as the kubeadm simulator starts them ({@link EtcdMember},
 * {@link EtcdCertificates}, {@link EtcdFlags}), without kubeadm: one node root per member under a base directory,
 * each with kubeadm's etcd PKI ({@code /etc/kubernetes/pki/etcd/ca.crt}, {@code healthcheck-client.crt|key}), on
 * loopback addresses in 127.0.1.200-250 (ports 2379/2380). For tests of code that talks to etcd itself. A missing
 * etcd or etcdctl fails, never skips. {@link #close} stops every member by its pid and deletes the roots.
 */
public final class RealEtcdCluster implements AutoCloseable {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private final Path base;
    private final List<SimulatorEnv> members = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final String spareAddress;

    private RealEtcdCluster(Path base, String spareAddress) {
        this.base = base;
        this.spareAddress = spareAddress;
    }

    /** {@code size} started members named m0.sim, m1.sim, ...; each joined through the first. */
    public static RealEtcdCluster start(Path base, int size) throws IOException {
        RealCommands.runChecked("etcd", "--version");
        RealCommands.runChecked("etcdctl", "version");
        List<String> addresses = freeAddresses(size + 1);
        RealEtcdCluster cluster = new RealEtcdCluster(base, addresses.get(size));
        CertificateAuthority ca = CertificateAuthority.createKubeadmStyle("etcd-ca", KeyPairs.rsa2048());
        try {
            for (int i = 0; i < size; i++) {
                cluster.startMember("m" + i + ".sim", addresses.get(i), ca);
            }
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startMember(String name, String address, CertificateAuthority ca) throws IOException {
        SimulatorEnv env = new SimulatorEnv(base.resolve(name), address, base.resolve("cluster"));
        NodePki.writePublic(env.host(EtcdCertificates.CA), Pem.write(ca.certificate()));
        NodePki.writeSecret(env.host(EtcdCertificates.DIR + "/ca.key"), Pem.writeRsaPkcs1(ca.privateKey()));
        EtcdCertificates.issue(env, name, address, QUIET);
        EtcdFlags flags = members.isEmpty() ? EtcdFlags.first(name, address) : new EtcdFlags(name, address,
                EtcdMembership.retried(() -> new EtcdCtl(env).add(endpoint(0), name, EtcdFlags.peerUrl(address))),
                "existing");
        members.add(env);
        names.add(name);
        EtcdMember.start(env, flags);
    }

    public String name(int member) {
        return names.get(member);
    }

    /** The member's client URL, {@code https://127.0.1.N:2379}. */
    public String endpoint(int member) {
        return EtcdFlags.clientUrl(members.get(member).loopback());
    }

    public String peerUrl(int member) {
        return EtcdFlags.peerUrl(members.get(member).loopback());
    }

    /** A peer URL on a free address no member uses: for a member added but never started. */
    public String sparePeerUrl() {
        return EtcdFlags.peerUrl(spareAddress);
    }

    /** The member's node root: kubeadm's etcd PKI under {@code /etc/kubernetes/pki/etcd/}. */
    public Path root(int member) {
        return members.get(member).root();
    }

    /** {@code etcdctl member add NAME --peer-urls=URL} through member 0; the member is never started. */
    public void addUnstarted(String name, String peerUrl) {
        EtcdMembership.retried(() -> new EtcdCtl(members.get(0)).add(endpoint(0), name, peerUrl));
    }

    /** Each member as {@code etcdctl member list} (the real one) shows it through member 0: names, "" unstarted. */
    public List<String> memberNames() {
        return new EtcdCtl(members.get(0)).members(endpoint(0)).stream().map(EtcdCtl.Member::name).toList();
    }

    /** {@code etcdctl member list}'s peer URLs through member 0. */
    public List<String> memberPeerUrls() {
        return new EtcdCtl(members.get(0)).members(endpoint(0)).stream().flatMap(member -> member.peerUrls()
                .stream()).toList();
    }

    /** Whether the member's etcd process still runs. */
    public boolean running(int member) {
        SimulatorEnv env = members.get(member);
        return EtcdMember.running(env.host(EtcdMember.PID_FILE), env.host(EtcdFlags.DATA_DIR)).isPresent();
    }

    @Override
    public void close() {
        for (SimulatorEnv env : members) {
            EtcdMember.stop(env);
        }
        try (Stream<Path> walk = Files.exists(base) ? Files.walk(base) : Stream.empty()) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + base, e);
        }
    }

    /** {@code count} consecutive addresses in 127.0.1.200-250 on which ports 2379 and 2380 are free. */
    private static List<String> freeAddresses(int count) throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 20; attempt++) {
            int first = 200 + random.nextInt(51 - count);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                addresses.add("127.0.1." + (first + i));
            }
            if (addresses.stream().allMatch(address -> bindable(address, EtcdFlags.CLIENT_PORT)
                    && bindable(address, EtcdFlags.PEER_PORT))) {
                return addresses;
            }
        }
        throw new IOException("no " + count + " free addresses with ports 2379 and 2380 in 127.0.1.200-250");
    }

    /** Whether address:port can be bound now (nothing listens there). */
    static boolean bindable(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
