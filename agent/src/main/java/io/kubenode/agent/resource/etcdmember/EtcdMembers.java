package io.kubenode.agent.resource.etcdmember;

import io.kubenode.common.catalog.EtcdMemberSpec;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** The cluster's members as the gateway's {@code member/list} gave them, in its order. */
public record EtcdMembers(List<Member> members) {
    public EtcdMembers {
        members = List.copyOf(members);
    }

    /**
     * One member. {@code id}: etcd's unsigned 64-bit id as the decimal text the gateway gives (and takes back);
     * {@code name}: empty for a member added but never started.
     */
    public record Member(String id, String name, List<String> peerUrls) {
        public Member {
            name = name == null ? "" : name;
            peerUrls = List.copyOf(peerUrls);
        }

        /** The id as etcdctl prints it: hex. */
        public String hexId() {
            return new BigInteger(id).toString(16);
        }

        /** "node2.internal" or "unstarted". */
        public String label() {
            return name.isEmpty() ? "unstarted" : name;
        }
    }

    /** The member the spec names: by name (a started member), or by peer URL (an unstarted one has no name). */
    public Optional<Member> find(EtcdMemberSpec spec) {
        return members.stream().filter(member -> (!member.name().isEmpty() && member.name().equals(spec.member()))
                || member.peerUrls().contains(spec.peerUrl())).findFirst();
    }
}
