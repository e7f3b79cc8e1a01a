package io.kubenode.controller.clusterpki;

import io.kubenode.common.pki.Pem;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster PKI is made once, kept sealed in the store, and comes back the same, or not at all. */
class ClusterPkiCustodyTest {
    @TempDir
    Path dir;
    private InitLayout layout;

    @BeforeEach
    void init() throws Exception {
        layout = new InitLayout(dir.resolve("data"));
        assertThat(KeyEncryptionKey.createIfAbsent(layout)).isTrue();
    }

    @Test
    void theSamePkiComesBackOnEveryRequestAndAfterARestart() {
        ClusterPki first;
        AtomicInteger generated = new AtomicInteger();
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            ClusterPkiCustody custody = custody(store, counting(generated));
            first = custody.getOrCreate();
            assertThat(custody.getOrCreate().files()).usingRecursiveComparison().isEqualTo(first.files());
            assertThat(store.secretNames()).containsExactlyInAnyOrder(ClusterPki.PATHS.stream()
                    .map(ClusterPkiCustody::secretName).toArray(String[]::new));
        }
        assertThat(generated).hasValue(1);

        try (SqliteStore reopened = SqliteStore.open(layout.dataDir())) {
            ClusterPki again = custody(reopened, () -> {
                throw new AssertionError("a stored PKI is never generated again");
            }).getOrCreate();
            for (String path : ClusterPki.PATHS) {
                assertThat(again.file(path)).as(path).isEqualTo(first.file(path));
            }
            assertThat(again.clusterCa().certificate()).isEqualTo(first.clusterCa().certificate());
            assertThat(again.clusterCa().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes");
            assertThat(again.etcdCa().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=etcd-ca");
            assertThat(again.frontProxyCa().certificate().getSubjectX500Principal().getName())
                    .isEqualTo("CN=front-proxy-ca");
            assertThat(again.serviceAccountPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(again.toString()).doesNotContain("PRIVATE");
        }
    }

    @Test
    void twoControllersAskingFirstAtOnceLeaveOnePkiAndBothGetIt() throws Exception {
        CyclicBarrier bothGenerated = new CyclicBarrier(2);
        Supplier<ClusterPki> racing = () -> {
            ClusterPki pki = ClusterPkiGenerator.generate();
            try {
                bothGenerated.await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the other request never generated", e);
            }
            return pki;
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (SqliteStore one = SqliteStore.open(layout.dataDir()); SqliteStore two = SqliteStore.open(layout.dataDir())) {
            Future<ClusterPki> first = threads.submit(() -> custody(one, racing).getOrCreate());
            Future<ClusterPki> second = threads.submit(() -> custody(two, racing).getOrCreate());
            ClusterPki a = first.get(120, TimeUnit.SECONDS);
            ClusterPki b = second.get(120, TimeUnit.SECONDS);

            for (String path : ClusterPki.PATHS) {
                assertThat(a.file(path)).as(path).isEqualTo(b.file(path));
            }
            assertThat(one.secretNames()).hasSize(ClusterPki.PATHS.size());
            assertThat(one.audit(20)).filteredOn(entry -> entry.action().equals("secret.create")).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void neitherTheDatabaseNorABackupHoldsAPrivateKeyInClear() throws Exception {
        ClusterPki pki;
        byte[] sealedCaKey;
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            pki = custody(store, ClusterPkiGenerator::generate).getOrCreate();
            sealedCaKey = store.sealedSecret(ClusterPkiCustody.secretName(ClusterPki.CA_KEY)).orElseThrow();
        }
        Path backup = dir.resolve("kubenode.backup");
        StringWriter err = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "backup",
                "--data-dir", layout.dataDir().toString(), "--out", backup.toString());
        assertThat(exit).as(err.toString()).isZero();

        List<Path> files = new ArrayList<>(List.of(backup));
        try (Stream<Path> all = Files.walk(layout.dataDir())) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).contains(layout.dataDir().resolve("kubenode.db"));
        assertThat(contains(Files.readAllBytes(backup), sealedCaKey)).as("the search finds what is there").isTrue();
        for (String path : ClusterPki.PRIVATE_KEY_PATHS) {
            for (byte[] needle : clearForms(pki.file(path))) {
                for (Path file : files) {
                    assertThat(contains(Files.readAllBytes(file), needle)).as(path + " in clear in " + file).isFalse();
                }
            }
        }
    }

    @Test
    void withoutItsKekTheSecretsAreUnreadableWithAClearError() throws Exception {
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            custody(store, ClusterPkiGenerator::generate).getOrCreate();
            Files.delete(layout.keyEncryptionKey());

            assertThatThrownBy(() -> KeyEncryptionKey.load(layout)).isInstanceOf(KeyEncryptionKeyException.class)
                    .hasMessage(layout.keyEncryptionKey() + " is missing: the sealed secrets in the store cannot be "
                            + "read without it (restore it from where you keep it)");
            assertThatThrownBy(() -> KeyEncryptionKey.adopt(layout, store))
                    .isInstanceOf(KeyEncryptionKeyException.class)
                    .hasMessage(layout.keyEncryptionKey() + " is missing but the store holds 8 secrets sealed under "
                            + "it; restore kek.key from where you keep it (a new key cannot open them)");
            assertThat(layout.keyEncryptionKey()).as("serve does not paper over a lost KEK").doesNotExist();

            KeyEncryptionKey.createIfAbsent(layout);
            ClusterPkiCustody withAnotherKek = new ClusterPkiCustody(store,
                    new SecretSealer(KeyEncryptionKey.load(layout)), ClusterPkiGenerator::generate);
            assertThatThrownBy(withAnotherKek::getOrCreate).isInstanceOf(SecretUnsealException.class)
                    .hasMessageStartingWith("secret cluster-pki/ca.crt does not open with this key-encryption key");
        }
    }

    @Test
    void oneAlteredByteOfAStoredCiphertextIsDetected() throws Exception {
        byte[] sealed;
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            custody(store, ClusterPkiGenerator::generate).getOrCreate();
            sealed = store.sealedSecret("cluster-pki/etcd/ca.key").orElseThrow();
        }
        sealed[sealed.length / 2] ^= 0x40;
        update(Map.of("cluster-pki/etcd/ca.key", sealed));

        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            assertThatThrownBy(() -> custody(store, ClusterPkiGenerator::generate).getOrCreate())
                    .isInstanceOf(SecretUnsealException.class)
                    .hasMessageStartingWith("secret cluster-pki/etcd/ca.key does not open")
                    .satisfies(e -> assertThat(((SecretUnsealException) e).secretName())
                            .isEqualTo("cluster-pki/etcd/ca.key"));
        }
    }

    @Test
    void aCiphertextMovedToAnotherNameIsDetected() throws Exception {
        byte[] clusterCaKey;
        byte[] etcdCaKey;
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            custody(store, ClusterPkiGenerator::generate).getOrCreate();
            clusterCaKey = store.sealedSecret("cluster-pki/ca.key").orElseThrow();
            etcdCaKey = store.sealedSecret("cluster-pki/etcd/ca.key").orElseThrow();
        }
        update(Map.of("cluster-pki/ca.key", etcdCaKey, "cluster-pki/etcd/ca.key", clusterCaKey));

        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            assertThatThrownBy(() -> custody(store, ClusterPkiGenerator::generate).stored())
                    .isInstanceOf(SecretUnsealException.class)
                    .hasMessageContaining("secret cluster-pki/ca.key does not open")
                    .hasMessageContaining("moved from another secret");
        }
    }

    @Test
    void aPartialSetIsRefusedNotCompleted() throws Exception {
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            SecretSealer sealer = new SecretSealer(KeyEncryptionKey.load(layout));
            store.putSecretsIfAbsent(Map.of("cluster-pki/ca.crt", sealer.seal("cluster-pki/ca.crt",
                    "x".getBytes(StandardCharsets.US_ASCII))), "test");

            assertThatThrownBy(() -> custody(store, ClusterPkiGenerator::generate).getOrCreate())
                    .isInstanceOf(StoreException.class).hasMessageStartingWith("the store holds an incomplete cluster PKI ([ca.crt]");
            assertThat(store.secretNames()).containsExactly("cluster-pki/ca.crt");
        }
    }

    private ClusterPkiCustody custody(SqliteStore store, Supplier<ClusterPki> generator) {
        return new ClusterPkiCustody(store, new SecretSealer(KeyEncryptionKey.load(layout)), generator);
    }

    private static Supplier<ClusterPki> counting(AtomicInteger generated) {
        return () -> {
            generated.incrementAndGet();
            return ClusterPkiGenerator.generate();
        };
    }

    private void update(Map<String, byte[]> sealedByName) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + layout.dataDir().resolve("kubenode.db"));
             PreparedStatement update = sql.prepareStatement("UPDATE sealed_secret SET sealed = ? WHERE name = ?")) {
            for (Map.Entry<String, byte[]> secret : sealedByName.entrySet()) {
                update.setBytes(1, secret.getValue());
                update.setString(2, secret.getKey());
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
    }

    /** The PEM text, each of its base64 lines, its DER, and a stretch from the middle of the DER. */
    private static List<byte[]> clearForms(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        List<String> body = text.lines().filter(line -> !line.startsWith("-----")).toList();
        byte[] der = Base64.getDecoder().decode(String.join("", body));
        assertThat(Pem.readRsaPkcs1PrivateKey(text).getAlgorithm()).isEqualTo("RSA");
        List<byte[]> forms = new ArrayList<>(List.of(pem, der, Arrays.copyOfRange(der, der.length / 2,
                der.length / 2 + 48)));
        body.forEach(line -> forms.add(line.getBytes(StandardCharsets.US_ASCII)));
        return forms;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
