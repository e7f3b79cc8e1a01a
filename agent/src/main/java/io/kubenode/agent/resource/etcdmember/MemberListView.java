package io.kubenode.agent.resource.etcdmember;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the gateway's {@code POST /v3/cluster/member/list} answer the handler reads:
 * {@code {"header":{...},"members":[{"ID":"<uint64 as decimal text>","name":"...","peerURLs":[...]}]}}. An unstarted
 * member has no {@code name}; an id that is not an unsigned 64-bit decimal is refused.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MemberListView(List<Entry> members) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger MAX_ID = BigInteger.ONE.shiftLeft(64);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(@JsonProperty("ID") String id, String name, List<String> peerURLs) {
    }

    /** The members, or an IOException saying why the text is not such an answer. */
    static EtcdMembers parse(String json) throws IOException {
        MemberListView view = JSON.readValue(json, MemberListView.class);
        if (view == null || view.members() == null) {
            throw new IOException("no \"members\" array");
        }
        List<EtcdMembers.Member> members = new ArrayList<>();
        for (Entry entry : view.members()) {
            if (entry == null || !isId(entry.id())) {
                throw new IOException("a member without an unsigned 64-bit \"ID\": " + entry);
            }
            members.add(new EtcdMembers.Member(entry.id(), entry.name(),
                    entry.peerURLs() == null ? List.of() : entry.peerURLs()));
        }
        return new EtcdMembers(members);
    }

    private static boolean isId(String id) {
        if (id == null || !id.matches("[0-9]{1,20}")) {
            return false;
        }
        return new BigInteger(id).compareTo(MAX_ID) < 0;
    }
}
