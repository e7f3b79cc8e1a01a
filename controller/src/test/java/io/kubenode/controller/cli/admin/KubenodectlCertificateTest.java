package io.kubenode.controller.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.cli.KubenodectlRunner;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubenodectl certificate list|revoke and kubenode-controller admin-credentials against a real controller: a minted
 * admin works, is listed, and after 'certificate revoke' is refused while init's admin keeps working.
 */
class KubenodectlCertificateTest extends WithController {

    @Test
    void listShowsInitsAdminCertificateAsATableAndAsJson() throws Exception {
        BigInteger serial = Pem.readCertificate(Files.readString(controller.layout().adminCertificate()))
                .getSerialNumber();

        KubenodectlRunner.Run table = ctl("certificate", "list");
        KubenodectlRunner.Run json = ctl("certificate", "list", "-o", "json", "--kind", "admin");
        KubenodectlRunner.Run badKind = ctl("certificate", "list", "--kind", "root");

        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout()).contains("SERIAL", "KIND", "SUBJECT", serial.toString(16), "admin",
                "kubenode-admin");
        JsonNode items = Documents.json().readTree(json.stdout()).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("serial").asText()).isEqualTo(serial.toString(16));
        assertThat(items.get(0).path("revoked").asBoolean()).isFalse();
        assertThat(badKind.exitCode()).isEqualTo(2);
    }

    @Test
    void aMintedAdminWorksUntilRevokedBySerialAndInitsAdminKeepsWorking() throws Exception {
        Path out = dir.resolve("dave");
        Run minted = controllerCli("admin-credentials", "--data-dir", controller.layout().dataDir().toString(),
                "--name", "dave", "--out", out.toString(), "--server-url", controller.url(), "--days", "30");
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        assertThat(Files.getPosixFilePermissions(out.resolve("dave.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(out.resolve("dave.conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(minted.stdout()).doesNotContain("PRIVATE KEY");
        BigInteger serial = Pem.readCertificate(Files.readString(out.resolve("dave.crt"))).getSerialNumber();
        KubenodectlRunner.Run asDave = KubenodectlRunner.run(environment(Map.of()), "certificate", "list",
                "--config", out.resolve("dave.conf").toString());
        assertThat(asDave.exitCode()).as(asDave.stderr()).isZero();
        assertThat(asDave.stdout()).contains("dave");

        // as openssl x509 -serial prints it: upper case, colons between octets
        KubenodectlRunner.Run revoked = ctl("certificate", "revoke", colons(serial));
        KubenodectlRunner.Run again = ctl("certificate", "revoke", serial.toString(16));
        KubenodectlRunner.Run refused = KubenodectlRunner.run(environment(Map.of()), "get", "cluster",
                "--config", out.resolve("dave.conf").toString());

        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        assertThat(revoked.stdout()).contains("admin certificate " + serial.toString(16) + " of dave: revoked");
        assertThat(again.stdout()).contains("was revoked already");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("certificate_revoked");
        assertThat(ctl("certificate", "list").exitCode()).as("init's admin is untouched").isZero();
        assertThat(ctl("certificate", "list", "-o", "json").stdout()).contains("\"revoked\" : true");
    }

    @Test
    void badSerialsAndUnknownOnesAreRefusedWithTheirExitCodes() {
        KubenodectlRunner.Run malformed = ctl("certificate", "revoke", "not-a-serial");
        KubenodectlRunner.Run unknown = ctl("certificate", "revoke", "abcdef0123");
        KubenodectlRunner.Run help = ctl("certificate", "revoke", "--help");

        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.stderr()).contains("is not a certificate serial");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("not_found", "abcdef0123");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("SERIAL", "Exit codes");
    }

    @Test
    void adminCredentialsRefusesBadNamesAndNeverOverwrites() throws Exception {
        String data = controller.layout().dataDir().toString();
        Path out = dir.resolve("erin");

        Run badName = controllerCli("admin-credentials", "--data-dir", data, "--name", "Erin Smith", "--out",
                out.toString());
        Run first = controllerCli("admin-credentials", "--data-dir", data, "--name", "erin", "--out", out.toString(),
                "--server-url", controller.url());
        String key = Files.readString(out.resolve("erin.key"));
        Run second = controllerCli("admin-credentials", "--data-dir", data, "--name", "erin", "--out",
                out.toString(), "--server-url", controller.url());
        Run notInitialised = controllerCli("admin-credentials", "--data-dir", dir.resolve("empty").toString(),
                "--name", "erin", "--out", dir.resolve("elsewhere").toString(), "--server-url", controller.url());

        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stderr()).contains("exists");
        assertThat(Files.readString(out.resolve("erin.key"))).as("the first key stays").isEqualTo(key);
        assertThat(notInitialised.exitCode()).isEqualTo(1);
        assertThat(notInitialised.stderr()).contains("not initialised");
        assertThat(controller.store().allIssuedCertificates()).filteredOn(each -> each.subject().equals("erin"))
                .hasSize(1);
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run controllerCli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String colons(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase();
        hex = hex.length() % 2 == 0 ? hex : "0" + hex;
        List<String> octets = new ArrayList<>();
        for (int i = 0; i < hex.length(); i += 2) {
            octets.add(hex.substring(i, i + 2));
        }
        return String.join(":", octets);
    }
}
