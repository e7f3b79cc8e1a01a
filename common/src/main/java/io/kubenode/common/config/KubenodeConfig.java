package io.kubenode.common.config;

import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Patterns;
import io.kubenode.common.validation.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How kubenodectl reaches a controller ({@code admin.conf}): the server URL and absolute paths of the CA
 * certificate and the client certificate and key. Paths, not inline keys, so the file holds no secret itself.
 */
public record KubenodeConfig(String apiVersion, String kind, String server, String certificateAuthority,
                             String clientCertificate, String clientKey) {
    public static final String API_VERSION = "kubenode.io/v1alpha1";
    public static final String KIND = "KubenodeConfig";

    public static KubenodeConfig of(String server, Path certificateAuthority, Path clientCertificate, Path clientKey) {
        return new KubenodeConfig(API_VERSION, KIND, server, certificateAuthority.toString(),
                clientCertificate.toString(), clientKey.toString());
    }

    public String toYaml() {
        return Documents.toYaml(this);
    }

    /** Reads and checks a config: every field set, an https server URL, absolute paths. */
    public static ReadResult<KubenodeConfig> read(byte[] bytes) {
        ReadResult<KubenodeConfig> read = DocumentReader.read(bytes, KubenodeConfig.class);
        if (!(read instanceof ReadResult.Read<KubenodeConfig> ok)) {
            return read;
        }
        List<Problem> problems = ok.value().problems();
        return problems.isEmpty() ? read : new ReadResult.Unreadable<>(problems);
    }

    private List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (!API_VERSION.equals(apiVersion)) {
            problems.add(Problem.error("apiVersion", "expected " + API_VERSION + ", got " + apiVersion));
        }
        if (!KIND.equals(kind)) {
            problems.add(Problem.error("kind", "expected " + KIND + ", got " + kind));
        }
        if (!Patterns.isHttpsUrl(server)) {
            problems.add(Problem.error("server", "expected an https URL with a host, got " + server));
        }
        checkPath(problems, "certificateAuthority", certificateAuthority);
        checkPath(problems, "clientCertificate", clientCertificate);
        checkPath(problems, "clientKey", clientKey);
        return problems;
    }

    private static void checkPath(List<Problem> problems, String field, String value) {
        if (value == null || !Path.of(value).isAbsolute()) {
            problems.add(Problem.error(field, "expected an absolute path, got " + value));
        }
    }
}
