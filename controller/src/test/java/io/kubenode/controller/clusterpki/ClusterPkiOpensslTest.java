package io.kubenode.controller.clusterpki;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated Kubernetes PKI, laid out as under /etc/kubernetes/pki, is what openssl (and so kubeadm) accepts. */
class ClusterPkiOpensslTest {
    private static final String OPENSSL = ExternalCommand.require("openssl");
    private static final Map<String, String> CAS = Map.of("ca", "kubernetes", "front-proxy-ca", "front-proxy-ca",
            "etcd/ca", "etcd-ca");

    @TempDir
    static Path pki;

    @BeforeAll
    static void writeTheFiles() throws Exception {
        Files.createDirectories(pki.resolve("etcd"));
        for (Map.Entry<String, byte[]> file : ClusterPkiGenerator.generate().files().entrySet()) {
            Files.write(pki.resolve(file.getKey()), file.getValue());
        }
    }

    @Test
    void layoutIsKubeadmsEightFiles() throws Exception {
        for (String path : List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "etcd/ca.crt",
                "etcd/ca.key", "sa.key", "sa.pub")) {
            assertThat(pki.resolve(path)).as(path).isNotEmptyFile();
        }
        assertThat(ClusterPki.PRIVATE_KEY_PATHS).containsExactlyInAnyOrder("ca.key", "front-proxy-ca.key",
                "etcd/ca.key", "sa.key");
    }

    @Test
    void eachCaIsASelfSignedTenYearRsa2048CaWithKubeadmsNameAndExtensions() throws Exception {
        for (Map.Entry<String, String> ca : CAS.entrySet()) {
            String certificate = path(ca.getKey() + ".crt");
            String text = ok("x509", "-in", certificate, "-noout", "-text");
            assertThat(text).as(ca.getKey()).contains(
                    "Subject: CN = " + ca.getValue(), "Issuer: CN = " + ca.getValue(),
                    "Public-Key: (2048 bit)", "sha256WithRSAEncryption",
                    "X509v3 Basic Constraints: critical", "CA:TRUE",
                    "X509v3 Key Usage: critical", "Digital Signature, Key Encipherment, Certificate Sign",
                    "X509v3 Subject Key Identifier", "DNS:" + ca.getValue());
            String notAfter = ok("x509", "-in", certificate, "-noout", "-enddate").strip();
            int year = Integer.parseInt(notAfter.substring(notAfter.length() - 8, notAfter.length() - 4));
            assertThat(year).as(ca.getKey() + " " + notAfter).isIn(LocalDate.now(ZoneOffset.UTC).getYear() + 9,
                    LocalDate.now(ZoneOffset.UTC).getYear() + 10);
            assertThat(ok("verify", "-CAfile", certificate, certificate)).contains(certificate + ": OK");
        }
    }

    @Test
    void theThreeCasAreDistinct() throws Exception {
        List<String> keys = new ArrayList<>();
        for (String ca : CAS.keySet()) {
            keys.add(ok("x509", "-in", path(ca + ".crt"), "-noout", "-pubkey"));
        }
        assertThat(keys).doesNotHaveDuplicates();
        ExternalCommand.Result crossed = ExternalCommand.run(List.of(OPENSSL, "verify", "-CAfile", path("ca.crt"),
                path("etcd/ca.crt")));
        assertThat(crossed.exitCode()).as("the etcd CA is not signed by the cluster CA").isNotZero();
        assertThat(crossed.stderr()).contains("self-signed certificate");
    }

    @Test
    void keysArePkcs1RsaAsKubeadmWritesThemAndEachMatchesItsCertificate() throws Exception {
        for (String ca : CAS.keySet()) {
            assertThat(Files.readString(pki.resolve(ca + ".key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
            assertThat(ok("rsa", "-in", path(ca + ".key"), "-check", "-noout")).contains("RSA key ok");
            assertThat(ok("pkey", "-in", path(ca + ".key"), "-pubout"))
                    .as(ca).isEqualTo(ok("x509", "-in", path(ca + ".crt"), "-noout", "-pubkey"));
        }
    }

    @Test
    void serviceAccountKeyPairIsRsa2048AndThePublicHalfMatches() throws Exception {
        assertThat(Files.readString(pki.resolve("sa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(Files.readString(pki.resolve("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(ok("pkey", "-in", path("sa.key"), "-noout", "-text")).contains("Private-Key: (2048 bit");
        assertThat(ok("pkey", "-in", path("sa.key"), "-pubout"))
                .isEqualTo(new String(Files.readAllBytes(pki.resolve("sa.pub")), StandardCharsets.US_ASCII));
        assertThat(ok("pkey", "-pubin", "-in", path("sa.pub"), "-noout", "-text")).contains("Public-Key: (2048 bit)");
    }

    private static String path(String name) {
        return pki.resolve(name).toString();
    }

    private static String ok(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(OPENSSL));
        argv.addAll(List.of(args));
        ExternalCommand.Result result = ExternalCommand.run(argv);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout();
    }
}
