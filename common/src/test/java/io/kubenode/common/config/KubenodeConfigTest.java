package io.kubenode.common.config;

import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KubenodeConfigTest {
    private static final KubenodeConfig CONFIG = KubenodeConfig.of("https://controller.internal:9443",
            Path.of("/var/lib/kubenode/pki/ca.crt"), Path.of("/var/lib/kubenode/pki/admin.crt"),
            Path.of("/var/lib/kubenode/pki/admin.key"));

    @Test
    void writesYamlWithApiVersionAndKindFirstAndReadsItBack() {
        String yaml = CONFIG.toYaml();

        assertThat(yaml).startsWith("---\napiVersion: kubenode.io/v1alpha1\nkind: KubenodeConfig\n")
                .contains("server: https://controller.internal:9443\n", "clientKey: /var/lib/kubenode/pki/admin.key");
        assertThat(read(yaml)).isEqualTo(new ReadResult.Read<>(CONFIG));
    }

    @Test
    void unknownFieldsAreRefusedLikeEveryKubenodeDocument() {
        ReadResult<KubenodeConfig> read = read(CONFIG.toYaml() + "token: abc\n");

        assertThat(problems(read)).singleElement().satisfies(problem ->
                assertThat(problem.message()).startsWith("unknown field 'token'"));
    }

    @Test
    void wrongKindRelativePathsAndPlainHttpAreEachNamed() {
        String yaml = "apiVersion: kubenode.io/v1alpha1\nkind: Cluster\nserver: http://x:9443\n"
                + "certificateAuthority: pki/ca.crt\nclientCertificate: /a.crt\n";

        assertThat(problems(read(yaml))).extracting(Problem::render).containsExactly(
                "kind: expected KubenodeConfig, got Cluster",
                "server: expected an https URL with a host, got http://x:9443",
                "certificateAuthority: expected an absolute path, got pki/ca.crt",
                "clientKey: expected an absolute path, got null");
    }

    private static ReadResult<KubenodeConfig> read(String yaml) {
        return KubenodeConfig.read(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.List<Problem> problems(ReadResult<KubenodeConfig> read) {
        assertThat(read).isInstanceOf(ReadResult.Unreadable.class);
        return ((ReadResult.Unreadable<KubenodeConfig>) read).problems();
    }
}
