package io.kubenode.controller.init;

import io.kubenode.common.pki.Pem;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatDoesNotKnowAdminCrtAdoptsItOnceSoOlderDataDirsGetARevocableAdmin() throws Exception {
        InitLayout layout = init();
        // the store of a data dir made before admin certificates were recorded: it has no row for admin.crt
        try (SqliteStore older = SqliteStore.open(dir.resolve("older"))) {
            AdminCertificates.adopt(layout, older);
            AdminCertificates.adopt(layout, older);

            assertThat(older.allIssuedCertificates()).extracting(IssuedCertificate::serial, IssuedCertificate::kind,
                    IssuedCertificate::subject).containsExactly(org.assertj.core.groups.Tuple.tuple(
                    adminSerial(layout), IssuedCertificate.Kind.ADMIN, "kubenode-admin"));
        }
    }

    private InitLayout init() {
        InitLayout layout = new InitLayout(dir.resolve("data"));
        StringWriter err = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "init",
                "--data-dir", layout.dataDir().toString(), "--san", "127.0.0.1");
        assertThat(exit).as(err.toString()).isZero();
        return layout;
    }

    private static BigInteger adminSerial(InitLayout layout) throws Exception {
        return Pem.readCertificate(Files.readString(layout.adminCertificate())).getSerialNumber();
    }
}
