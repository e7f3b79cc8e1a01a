package io.kubenode.controller.init;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.Identity;
import io.kubenode.common.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheCaServerAndAdminFilesWithPrivateKeysAndPrivateDirectories() throws Exception {
        Path data = tmp.resolve("data");

        InitRunner.Run run = InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("pki"))).isEqualTo("rwx------");
        for (String key : List.of("pki/ca.key", "pki/server.key", "pki/admin.key", "pki/kek.key", "admin.conf")) {
            assertThat(mode(data.resolve(key))).as(key).isEqualTo("rw-------");
        }
        for (String certificate : List.of("pki/ca.crt", "pki/server.crt", "pki/admin.crt")) {
            assertThat(mode(data.resolve(certificate))).as(certificate).isEqualTo("rw-r--r--");
        }
        try (Stream<Path> files = Files.list(data.resolve("pki"))) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    "ca.crt", "ca.key", "server.crt", "server.key", "admin.crt", "admin.key", "kek.key");
        }
        assertThat(Files.size(data.resolve("pki/kek.key"))).isEqualTo(32);
    }

    @Test
    void printsThePathsAndTheCaPinAndNoSecret() throws Exception {
        Path data = tmp.resolve("data");

        InitRunner.Run run = InitRunner.run("init", "--data-dir", data.toString(), "--san", "10.0.0.5");

        X509Certificate ca = Pem.readCertificate(Files.readString(data.resolve("pki/ca.crt")));
        assertThat(run.stdout().lines()).containsExactly(
                "created " + data.resolve("pki/ca.crt"), "created " + data.resolve("pki/server.crt"),
                "created " + data.resolve("pki/server.key"), "created " + data.resolve("pki/admin.crt"),
                "created " + data.resolve("pki/admin.key"), "created " + data.resolve("admin.conf"),
                "created " + data.resolve("pki/kek.key"), "created " + data.resolve("pki/ca.key"),
                "CA pin: " + Fingerprint.caCertHash(ca));
        assertThat(run.stdout()).doesNotContain("PRIVATE");
    }

    @Test
    void adminConfReadsBackWithTheDefaultServerUrlAndAbsolutePaths() throws Exception {
        Path data = tmp.resolve("data");
        InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal", "--san", "10.0.0.5");

        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(data.resolve("admin.conf")));

        assertThat(read).isEqualTo(new ReadResult.Read<>(KubenodeConfig.of("https://controller.internal:9443",
                data.resolve("pki/ca.crt"), data.resolve("pki/admin.crt"), data.resolve("pki/admin.key"))));
    }

    @Test
    void theAdminCertificateIsAnAdminSignedByTheCaAndTheKeysLoad() throws Exception {
        Path pki = tmp.resolve("data/pki");
        InitRunner.run("init", "--data-dir", tmp.resolve("data").toString(), "--san", "controller.internal");

        CertificateAuthority ca = CertificateAuthority.load(Files.readString(pki.resolve("ca.crt")),
                Files.readString(pki.resolve("ca.key")));
        X509Certificate admin = Pem.readCertificate(Files.readString(pki.resolve("admin.crt")));

        admin.verify(ca.certificate().getPublicKey());
        assertThat(Identity.of(admin)).isEqualTo(new Identity(Identity.Role.ADMIN, "kubenode-admin"));
        assertThat(Pem.readPrivateKey(Files.readString(pki.resolve("admin.key"))).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void anIpv6FirstSanGetsABracketedUrlAndAnExplicitServerUrlWins() throws Exception {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        InitRunner.run("init", "--data-dir", first.toString(), "--san", "fd00::5");
        InitRunner.run("init", "--data-dir", second.toString(), "--san", "10.0.0.5",
                "--server-url", "https://kubenode.example:443");

        assertThat(server(first)).isEqualTo("https://[fd00::5]:9443");
        assertThat(server(second)).isEqualTo("https://kubenode.example:443");
    }

    private static String server(Path data) throws Exception {
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(data.resolve("admin.conf")));
        assertThat(read).isInstanceOf(ReadResult.Read.class);
        return ((ReadResult.Read<KubenodeConfig>) read).value().server();
    }

    @Test
    void refusesAnInitialisedDirWithoutForceAndLeavesItAlone() throws Exception {
        Path data = tmp.resolve("data");
        InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal");
        String caBefore = Files.readString(data.resolve("pki/ca.crt"));

        InitRunner.Run again = InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stdout()).isEmpty();
        assertThat(again.stderr().lines()).containsExactly("init: " + data.resolve("pki/ca.key") + " exists: "
                + data + " is initialised already (--force replaces its CA)");
        assertThat(Files.readString(data.resolve("pki/ca.crt"))).isEqualTo(caBefore);
    }

    @Test
    void forceReplacesTheCa() throws Exception {
        Path data = tmp.resolve("data");
        InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal");
        String caBefore = Files.readString(data.resolve("pki/ca.crt"));
        byte[] kekBefore = Files.readAllBytes(data.resolve("pki/kek.key"));

        InitRunner.Run forced = InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal",
                "--force");

        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(Files.readString(data.resolve("pki/ca.crt"))).isNotEqualTo(caBefore);
        assertThat(Files.readAllBytes(data.resolve("pki/kek.key")))
                .as("the KEK is kept: the store's sealed secrets need it").isEqualTo(kekBefore);
        assertThat(forced.stdout()).doesNotContain("kek.key");
        try (Stream<Path> files = Files.list(data.resolve("pki"))) {
            assertThat(files).as("no temporary file left behind").hasSize(7);
        }
    }

    @Test
    void aBadSanIsAUsageErrorAndWritesNothing() {
        Path data = tmp.resolve("data");

        InitRunner.Run run = InitRunner.run("init", "--data-dir", data.toString(), "--san", "Controller_1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("'Controller_1' is neither an IP address nor a DNS-1123 name");
        assertThat(data).doesNotExist();
    }

    @Test
    void aMissingSanOrAPlainHttpServerUrlIsAUsageError() {
        String data = tmp.resolve("data").toString();

        InitRunner.Run noSan = InitRunner.run("init", "--data-dir", data);
        InitRunner.Run http = InitRunner.run("init", "--data-dir", data, "--san", "x.internal",
                "--server-url", "http://x.internal:9443");

        assertThat(noSan.exitCode()).isEqualTo(2);
        assertThat(noSan.stderr()).contains("Missing required option: '--san=NAME_OR_IP'");
        assertThat(http.exitCode()).isEqualTo(2);
        assertThat(http.stderr()).contains("'http://x.internal:9443' is not an https URL with a host");
    }

    @Test
    void anExistingDataDirKeepsItsModeWhilePkiIsNarrowed() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(data.resolve("pki"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        InitRunner.run("init", "--data-dir", data.toString(), "--san", "controller.internal");

        assertThat(mode(data)).isEqualTo("rwxr-xr-x");
        assertThat(mode(data.resolve("pki"))).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
