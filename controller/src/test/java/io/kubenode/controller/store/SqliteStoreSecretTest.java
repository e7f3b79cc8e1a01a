package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreSecretTest extends WithOpenStore {
    private static final byte[] A = "sealed-a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B = "sealed-b".getBytes(StandardCharsets.US_ASCII);

    @Test
    void secretsAreStoredAllOrNoneAndReadBackAsPut() {
        Map<String, byte[]> first = new LinkedHashMap<>();
        first.put("set/a", A);
        first.put("set/b", B);

        assertThat(store.putSecretsIfAbsent(first, "kubenode-controller")).isTrue();
        assertThat(store.putSecretsIfAbsent(Map.of("set/c", A, "set/b", A), "other"))
                .as("one name exists: nothing stored").isFalse();

        assertThat(store.secretNames()).containsExactly("set/a", "set/b");
        assertThat(store.sealedSecret("set/b")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(B));
        assertThat(store.sealedSecret("set/c")).isEmpty();
        assertThat(store.audit(10)).filteredOn(entry -> entry.action().equals("secret.create"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.who()).isEqualTo("kubenode-controller");
                    assertThat(entry.summary()).isEqualTo("2 sealed: set/a, set/b").doesNotContain("sealed-a");
                });
        assertThatThrownBy(() -> store.putSecretsIfAbsent(Map.of(), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreOfThePreviousSchemaOpensAndTakesSecrets() throws Exception {
        store.close();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kubenode.db"));
             Statement sql = old.createStatement()) {
            // what schema version 4 was: every table but sealed_secret (and orchestration, of version 6)
            sql.execute("DROP TABLE sealed_secret");
            sql.execute("DROP TABLE orchestration");
            sql.execute("UPDATE schema_version SET version = 4");
        }

        store = SqliteStore.open(dataDir, clock);

        assertThat(store.secretNames()).isEmpty();
        assertThat(store.putSecretsIfAbsent(Map.of("x", A), "kubenode-controller")).isTrue();
        assertThat(store.sealedSecret("x")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(A));
    }
}
