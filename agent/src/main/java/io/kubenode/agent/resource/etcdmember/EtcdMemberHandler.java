package io.kubenode.agent.resource.etcdmember;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.EtcdGatewayAnswer;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.EtcdMemberSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Removes a departing control plane's etcd member through this control plane's etcd, by etcd's JSON gateway over
 * mutual TLS ({@link Host#etcdGateway}; real kubeadm hosts have no etcdctl). Observes with
 * {@code POST /v3/cluster/member/list}: the member is found by name or, unstarted, by peer URL. An etcd that does not
 * answer is "not ready"; a TLS or HTTP failure fails the resource. Applies with {@code POST /v3/cluster/member/remove}
 * by id, and never removes the only member left: that would destroy the cluster.
 */
public final class EtcdMemberHandler implements ResourceHandler<EtcdMemberSpec, EtcdMembers> {
    static final String LIST = "/v3/cluster/member/list";
    static final String REMOVE = "/v3/cluster/member/remove";
    /** A member list and a removal are one raft round each; etcd's own request timeout is 5 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Override
    public Class<EtcdMemberSpec> specType() {
        return EtcdMemberSpec.class;
    }

    @Override
    public EtcdMembers observe(EtcdMemberSpec spec, Host host) throws HostException, NotReadyException {
        for (String file : List.of(spec.caFile(), spec.certFile(), spec.keyFile())) {
            if (host.stat(file).isEmpty()) {
                throw new NotReadyException("waiting for " + file + " (written by kubeadm on a control plane)");
            }
        }
        EtcdGatewayAnswer answer = call(spec, host, LIST, "{}");
        if (answer.status() != 200) {
            throw new HostException(failure(spec, "member list", answer));
        }
        try {
            return MemberListView.parse(answer.body());
        } catch (IOException e) {
            throw new HostException("etcd at " + spec.endpoint() + " answered member list with something other "
                    + "than a member list: " + e.getMessage());
        }
    }

    @Override
    public List<Change> diff(EtcdMemberSpec spec, EtcdMembers actual) {
        return actual.find(spec).map(member -> List.of(Change.delete(spec.id(), describe(spec, member))))
                .orElse(List.of());
    }

    @Override
    public void apply(EtcdMemberSpec spec, EtcdMembers actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        EtcdMembers.Member member = actual.find(spec).orElse(null);
        if (member == null) {
            return;
        }
        if (actual.members().size() == 1) {
            throw new HostException("refusing to " + describe(spec, member) + ": it is the only member of the etcd "
                    + "cluster at " + spec.endpoint() + ", and removing it would destroy the cluster");
        }
        EtcdGatewayAnswer answer;
        try {
            answer = call(spec, host, REMOVE, "{\"ID\":\"" + member.id() + "\"}");
        } catch (NotReadyException e) {
            throw new HostException(e.getMessage());
        }
        if (answer.status() != 200 && !answer.body().contains("member not found")) {
            throw new HostException(failure(spec, "member remove " + member.hexId(), answer));
        }
        // "member not found": someone else removed it since the observation; the goal holds
    }

    @Override
    public String inSyncNote(EtcdMemberSpec spec, EtcdMembers actual) {
        int left = actual.members().size();
        return "not a member (" + left + (left == 1 ? " member" : " members") + " left)";
    }

    @Override
    public String activity(EtcdMemberSpec spec) {
        return "etcd member remove " + spec.member();
    }

    /** "remove member 8e9e05c52164694d (node2.internal, https://192.0.2.62:2380)". */
    static String describe(EtcdMemberSpec spec, EtcdMembers.Member member) {
        String peerUrl = member.peerUrls().contains(spec.peerUrl()) || member.peerUrls().isEmpty() ? spec.peerUrl()
                : String.join(",", member.peerUrls());
        return "remove member " + member.hexId() + " (" + member.label() + ", " + peerUrl + ")";
    }

    private static EtcdGatewayAnswer call(EtcdMemberSpec spec, Host host, String path, String body)
            throws HostException, NotReadyException {
        EtcdGatewayAnswer answer = host.etcdGateway(spec.endpoint(), path, body, spec.caFile(), spec.certFile(),
                spec.keyFile(), TIMEOUT);
        if (!answer.answered()) {
            throw new NotReadyException("etcd at " + spec.endpoint() + " does not answer: " + answer.problem());
        }
        return answer;
    }

    private static String failure(EtcdMemberSpec spec, String what, EtcdGatewayAnswer answer) {
        String body = answer.body().strip().replace('\n', ' ');
        return "etcd at " + spec.endpoint() + " answered " + what + " with HTTP " + answer.status()
                + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
    }
}
