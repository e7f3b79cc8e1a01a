package io.kubenode.agent.resource.etcdmember;

import io.kubenode.agent.engine.Change;
import io.kubenode.common.catalog.EtcdMemberSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's member list as etcd 3.4 answers it, and the pure diff: found by name or peer URL, or in sync. */
class EtcdMemberHandlerTest {
    private static final String PKI = "/etc/kubernetes/pki/etcd/";
    /** etcd 3.4.23's answer: ids as decimal text, an unstarted member without name or client URLs. */
    private static final String LIST = """
            {"header":{"cluster_id":"9717992860918679392","member_id":"2931871873924070470","raft_term":"2"},
             "members":[{"ID":"2931871873924070470","name":"node1.internal","peerURLs":["https://192.0.2.61:2380"],
                         "clientURLs":["https://192.0.2.61:2379"]},
                        {"ID":"13704380238607735255","peerURLs":["https://192.0.2.63:2380"]},
                        {"ID":"18446744073709551615","name":"node2.internal","peerURLs":["https://192.0.2.62:2380"],
                         "clientURLs":["https://192.0.2.62:2379"]}]}""";
    private final EtcdMemberHandler handler = new EtcdMemberHandler();

    @Test
    void theMemberListIsReadWithDecimalIdsAndUnstartedMembersWithoutName() throws IOException {
        EtcdMembers members = MemberListView.parse(LIST);

        assertThat(members.members()).extracting(EtcdMembers.Member::id).containsExactly("2931871873924070470",
                "13704380238607735255", "18446744073709551615");
        assertThat(members.members()).extracting(EtcdMembers.Member::label).containsExactly("node1.internal",
                "unstarted", "node2.internal");
        assertThat(members.members().get(0).hexId()).isEqualTo("28b019ef8433fc46");
        assertThat(members.members().get(2).hexId()).isEqualTo("ffffffffffffffff");
    }

    @Test
    void anAnswerWithoutMembersOrWithABadIdIsRefused() {
        assertThatThrownBy(() -> MemberListView.parse("{\"header\":{}}")).hasMessage("no \"members\" array");
        for (String id : new String[] {"\"-1\"", "\"18446744073709551616\"", "\"abc\"", "null"}) {
            assertThatThrownBy(() -> MemberListView.parse("{\"members\":[{\"ID\":" + id + ",\"name\":\"x\"}]}"))
                    .as(id).isInstanceOf(IOException.class).hasMessageStartingWith("a member without an unsigned 64-bit");
        }
        assertThatThrownBy(() -> MemberListView.parse("<html>")).isInstanceOf(IOException.class);
    }

    @Test
    void aStartedMemberIsFoundByNameAndRemoved() throws IOException {
        EtcdMemberSpec spec = spec("node2.internal", "https://192.0.2.62:2380");

        assertThat(handler.diff(spec, MemberListView.parse(LIST))).extracting(Change::render).containsExactly(
                "- etcdMember:node2.internal remove member ffffffffffffffff (node2.internal, https://192.0.2.62:2380)");
    }

    @Test
    void anUnstartedMemberIsFoundByPeerUrl() throws IOException {
        EtcdMemberSpec spec = spec("node3.internal", "https://192.0.2.63:2380");

        assertThat(handler.diff(spec, MemberListView.parse(LIST))).extracting(Change::render).containsExactly(
                "- etcdMember:node3.internal remove member be2fbd37d518d9d7 (unstarted, https://192.0.2.63:2380)");
    }

    @Test
    void aMemberKnownByNameUnderAnotherPeerUrlShowsItsOwnUrls() throws IOException {
        EtcdMemberSpec spec = spec("node2.internal", "https://198.51.100.62:2380");

        assertThat(handler.diff(spec, MemberListView.parse(LIST))).extracting(Change::render).containsExactly(
                "- etcdMember:node2.internal remove member ffffffffffffffff (node2.internal, "
                        + "https://192.0.2.62:2380)");
    }

    @Test
    void aMemberNeitherNamedNorWithThePeerUrlIsInSyncWithTheCountLeft() throws IOException {
        EtcdMemberSpec spec = spec("node4.internal", "https://192.0.2.64:2380");
        EtcdMembers members = MemberListView.parse(LIST);

        assertThat(handler.diff(spec, members)).isEmpty();
        assertThat(handler.inSyncNote(spec, members)).isEqualTo("not a member (3 members left)");
        assertThat(handler.diff(spec, new EtcdMembers(List.of()))).isEmpty();
    }

    private static EtcdMemberSpec spec(String member, String peerUrl) {
        return new EtcdMemberSpec(member, peerUrl, "https://192.0.2.61:2379", PKI + "ca.crt",
                PKI + "healthcheck-client.crt", PKI + "healthcheck-client.key", EtcdMemberSpec.ABSENT);
    }
}
