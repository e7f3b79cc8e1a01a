package io.kubenode.controller.init;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The files init writes are what openssl, and so Go's and Vert.x's TLS stacks, accept. */
class InitOpensslCheckTest {
    private final String openssl = ExternalCommand.require("openssl");

    @TempDir
    Path data;

    @BeforeEach
    void init() {
        InitRunner.Run run = InitRunner.run("init", "--force", "--data-dir", data.toString(),
                "--san", "controller.internal", "--san", "192.168.0.10");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void serverAndAdminCertificatesVerifyAgainstTheCaForTheirPurpose() throws Exception {
        assertThat(ok("verify", "-CAfile", pki("ca.crt"), "-purpose", "sslserver", pki("server.crt")))
                .contains(pki("server.crt") + ": OK");
        assertThat(ok("verify", "-CAfile", pki("ca.crt"), "-purpose", "sslclient", pki("admin.crt")))
                .contains(pki("admin.crt") + ": OK");
    }

    @Test
    void serverCertificateShowsItsNamesServerAuthAndNoCa() throws Exception {
        assertThat(ok("x509", "-in", pki("server.crt"), "-noout", "-text")).contains(
                "DNS:controller.internal, IP Address:192.168.0.10", "TLS Web Server Authentication",
                "CA:FALSE", "Subject: CN = kubenode-controller");
    }

    @Test
    void adminCertificateIsAClientOfTheAdminsGroup() throws Exception {
        assertThat(ok("x509", "-in", pki("admin.crt"), "-noout", "-text")).contains(
                "Subject: O = kubenode:admins, CN = kubenode-admin", "TLS Web Client Authentication", "CA:FALSE");
    }

    @Test
    void eachKeyMatchesItsCertificate() throws Exception {
        for (String name : List.of("ca", "server", "admin")) {
            String fromKey = ok("pkey", "-in", pki(name + ".key"), "-pubout");
            String fromCertificate = ok("x509", "-in", pki(name + ".crt"), "-noout", "-pubkey");
            assertThat(fromKey).as(name).isEqualTo(fromCertificate);
        }
    }

    private String pki(String name) {
        return data.resolve("pki").resolve(name).toString();
    }

    private String ok(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(openssl));
        argv.addAll(List.of(args));
        ExternalCommand.Result result = ExternalCommand.run(argv);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout();
    }
}
