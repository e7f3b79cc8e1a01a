package io.kubenode.controller.cli.admin;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretText;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.client.NodeDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubenodectl diff} names a changed secret file with {@code (secret, N bytes, sha256:…)} of its new content,
 * and {@code describe node} over what a real agent reports about a secret (a change, a refused validation) shows
 * no byte of it.
 */
class SecretOutputAdminTest {
    private static final String SECRET = "planted-secret-d1ff0e5c7a33";
    private static final String KEY_PATH = "/etc/kubenode/kubeadm/pki/ca.key";
    private static final String HAPROXY = "/etc/haproxy/haproxy.cfg";

    @TempDir
    Path dir;

    @Test
    void diffNamesAChangedOrAddedSecretBySizeAndHashOnly() {
        NodeCatalog before = catalog(FileSpec.rootOwnedSecret(KEY_PATH, key(1), null));
        NodeCatalog after = catalog(FileSpec.rootOwnedSecret(KEY_PATH, key(2), null),
                FileSpec.rootOwnedSecret("/etc/kubenode/kubeadm/pki/sa.key", key(3), null));

        List<String> lines = CatalogChanges.render(CatalogChanges.between(List.of(before), List.of(after)));

        assertThat(lines).contains("  ~ file:" + KEY_PATH + " " + shown(key(2)),
                "  + file:/etc/kubenode/kubeadm/pki/sa.key " + shown(key(3)));
        assertThat(String.join("\n", lines)).doesNotContain(SECRET);
    }

    @Test
    void describeShowsWhatTheAgentReportsAboutASecretWithoutIt() {
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        Report changed = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwnedSecret(KEY_PATH, key(1), null)),
                new SandboxHost(dir.resolve("sandbox"), Simulations.all()));
        Report refused = engine.apply(EngineHarness.catalogOf(new FileSpec(HAPROXY,
                "defaults\n    mode tcp\n    " + SECRET + " here\n", null, "root", "root",
                AgentPolicyDefaults.HAPROXY_CHECK, true)), new LocalHost(dir.resolve("host")));
        List<ResourceStatus> resources = new ArrayList<>();
        for (Report report : List.of(changed, refused)) {
            report.resources().forEach(resource -> resources.add(new ResourceStatus(resource.id(), resource.type(),
                    resource.state(), resource.changes(), resource.message())));
        }
        NodeStatus status = new NodeStatus("cp1.internal", 1, 1, changed.contentHash(), false, true,
                Instant.now().toString(), new NodeStatus.LastPass(Instant.now().toString(), 12, "apply"),
                Map.of("changed", 1, "failed", 1), resources, List.of(), null);
        NodeDetail detail = new NodeDetail(new NodeSummary("cp1.internal", "controlPlane", "192.0.2.11", false, 1, 1,
                1, Instant.now().toString(), true, false, Instant.now().plusSeconds(3600).toString(), null), status, 1, null);

        StringWriter text = new StringWriter();
        NodeDescription.print(detail, new PrintWriter(text), Instant.now());

        assertThat(refused.failed()).as("%s", refused.resources()).isTrue();
        assertThat(text.toString()).contains("+ file:" + KEY_PATH + " " + shown(key(1)))
                .contains("validation refused the new content of " + HAPROXY)
                .doesNotContain(SECRET);
    }

    private static String key(int version) {
        return "-----BEGIN PRIVATE KEY-----\n" + SECRET + "-v" + version + "\n-----END PRIVATE KEY-----\n";
    }

    private static String shown(String content) {
        return SecretText.describe(content.getBytes(StandardCharsets.UTF_8));
    }

    private static NodeCatalog catalog(FileSpec... files) {
        List<CatalogResource> resources = new ArrayList<>();
        for (FileSpec file : files) {
            resources.add(new CatalogResource(file.id(), List.of(), List.of(), file));
        }
        return NodeCatalog.of("test", "cp1.internal", 1, new NodeCatalog.Spec("worker", OsFamily.RHEL, resources));
    }
}
