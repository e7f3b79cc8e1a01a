package io.kubenode.common.catalog;

import io.kubenode.common.document.Documents;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The etcdMember resource as the controller's compiler writes it: id, JSON type and the fields every agent checks. */
class EtcdMemberSpecTest {
    private static final String PKI = "/etc/kubernetes/pki/etcd/";
    private static final EtcdMemberSpec NODE2 = new EtcdMemberSpec("node2.internal", "https://192.0.2.62:2380",
            "https://192.0.2.61:2379", PKI + "ca.crt", PKI + "healthcheck-client.crt", PKI + "healthcheck-client.key",
            EtcdMemberSpec.ABSENT);

    @Test
    void itsIdNamesTheMemberAndItRoundTripsAsTypeEtcdMember() throws Exception {
        String json = Documents.json().writeValueAsString(NODE2);
        ResourceSpec read = Documents.json().readValue(json, ResourceSpec.class);

        assertThat(NODE2.id()).isEqualTo("etcdMember:node2.internal");
        assertThat(Documents.json().readTree(json).path("type").asText()).isEqualTo("etcdMember");
        assertThat(read).isEqualTo(NODE2);
        assertThat(ResourceFields.check(NODE2)).isEmpty();
        assertThat(ResourceFields.check(new EtcdMemberSpec("node2.internal", "https://[2001:db8::62]:2380",
                "https://[2001:db8::61]:2379/", NODE2.caFile(), NODE2.certFile(), NODE2.keyFile(), "absent")))
                .isEmpty();
    }

    @Test
    void onlyAbsentIsAccepted() {
        for (String ensure : new String[] {"present", "Absent", "", null}) {
            assertThat(ResourceFields.check(new EtcdMemberSpec(NODE2.member(), NODE2.peerUrl(), NODE2.endpoint(),
                    NODE2.caFile(), NODE2.certFile(), NODE2.keyFile(), ensure))).as(ensure)
                    .extracting(Problem::render).singleElement().asString()
                    .startsWith("spec.ensure: expected 'absent' only (adding members is kubeadm join's job), got");
        }
    }

    @Test
    void urlsMustBeHttpsAndTheEndpointWithoutPath() {
        for (String url : new String[] {"http://192.0.2.62:2380", "192.0.2.62:2380", "https://u@192.0.2.62:2380",
                null}) {
            assertThat(ResourceFields.check(new EtcdMemberSpec(NODE2.member(), url, url, NODE2.caFile(),
                    NODE2.certFile(), NODE2.keyFile(), "absent"))).as(url).extracting(Problem::path)
                    .containsExactly("spec.peerUrl", "spec.endpoint");
        }
        assertThat(ResourceFields.check(new EtcdMemberSpec(NODE2.member(), NODE2.peerUrl(),
                "https://192.0.2.61:2379/v3", NODE2.caFile(), NODE2.certFile(), NODE2.keyFile(), "absent")))
                .extracting(Problem::path).containsExactly("spec.endpoint");
    }

    @Test
    void aMemberNameOrFileThatIsNotPlainIsRefusedWithItsPath() {
        assertThat(ResourceFields.check(new EtcdMemberSpec("--endpoints=x", NODE2.peerUrl(), NODE2.endpoint(),
                "ca.crt", "/etc/kubernetes/pki/etcd/../x.crt", null, "absent"))).extracting(Problem::path)
                .containsExactly("spec.member", "spec.caFile", "spec.certFile", "spec.keyFile");
        assertThat(ResourceFields.check(new EtcdMemberSpec(null, null, null, null, null, null, null)))
                .extracting(Problem::path).containsExactly("spec.member", "spec.peerUrl", "spec.endpoint",
                        "spec.caFile", "spec.certFile", "spec.keyFile", "spec.ensure");
    }
}
