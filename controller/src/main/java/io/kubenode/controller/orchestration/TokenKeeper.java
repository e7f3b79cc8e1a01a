package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.cluster.NodeSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bootstrap token after init has joined. Until then it lives only in the init node's InitConfiguration (no
 * holder). Then a joined control plane holds it (kubeadmToken resource): the first in document order, kept while it
 * stays a joined control plane of the document, so the holder's catalog does not change for nothing. While a node
 * joins or is about to (a step released, or its gate passed while nothing stops new releases) the token is
 * present and its validUntil moved to now + ttl whenever at most two thirds of the ttl remain (so every ttl/3); a
 * new token is minted when none is present. When no node waits it is deleted (state absent).
 */
final class TokenKeeper {
    private TokenKeeper() {
    }

    static void maintain(DecisionDraft draft, Gates gates) {
        if (!draft.anyJoined()) {
            return;
        }
        BootstrapToken token = draft.token();
        String holder = holder(draft, token);
        boolean releasing = !gates.failedPermanently();
        List<String> waiting = draft.nodes.stream().map(NodeSpec::name)
                .filter(name -> !draft.joined(name))
                .filter(name -> draft.released(name).kubeadm() != null
                        || releasing && gates.of(name) != null && gates.of(name).passed())
                .toList();
        Duration ttl = draft.tokenTtl();
        if (waiting.isEmpty()) {
            if (token != null && KubeadmTokenSpec.PRESENT.equals(token.state()) && holder != null) {
                draft.token(new BootstrapToken(token.id(), holder, KubeadmTokenSpec.ABSENT, token.validUntil(),
                        token.createdAt()));
                draft.event("token.delete", holder, StepKind.TOKEN, "token " + token.id()
                        + " deleted: no node waits to join");
            } else if (token != null && holder != null && !holder.equals(token.holder())) {
                draft.token(new BootstrapToken(token.id(), holder, token.state(), token.validUntil(),
                        token.createdAt()));
            }
            return;
        }
        if (holder == null) {
            return;
        }
        if (token == null || !KubeadmTokenSpec.PRESENT.equals(token.state())) {
            String id = draft.adoptTokenCandidate();
            String validUntil = draft.now.plus(ttl).toString();
            draft.token(new BootstrapToken(id, holder, KubeadmTokenSpec.PRESENT, validUntil, draft.nowText));
            draft.event("token.mint", holder, StepKind.TOKEN, "token " + id + " valid until " + validUntil
                    + " for " + String.join(", ", waiting));
        } else {
            if (!holder.equals(token.holder())) {
                token = new BootstrapToken(token.id(), holder, token.state(), token.validUntil(), token.createdAt());
                draft.token(token);
                draft.event("token.hold", holder, StepKind.TOKEN, "token " + token.id() + " now kept by " + holder);
            }
            if (refreshDue(draft.now, token, ttl)) {
                String validUntil = draft.now.plus(ttl).toString();
                draft.token(new BootstrapToken(token.id(), holder, token.state(), validUntil, token.createdAt()));
                draft.event("token.refresh", holder, StepKind.TOKEN, "token " + token.id() + " valid until "
                        + validUntil + " for " + String.join(", ", waiting));
            }
        }
        draft.wakeAt(refreshAt(draft.token(), ttl));
    }

    /** Less than two thirds of the ttl left (or expired, or no expiry known). */
    static boolean refreshDue(Instant now, BootstrapToken token, Duration ttl) {
        return !now.isBefore(refreshAt(token, ttl));
    }

    static Instant refreshAt(BootstrapToken token, Duration ttl) {
        if (token == null || token.validUntil() == null) {
            return Instant.EPOCH;
        }
        return Instant.parse(token.validUntil()).minus(ttl.multipliedBy(2).dividedBy(3));
    }

    /**
     * A token joins may use now: present, held by a joined control plane whose current status shows it in sync
     * (kubeadm token list saw it valid until at least validUntil).
     */
    static boolean ready(DecisionDraft draft) {
        BootstrapToken token = draft.token();
        return token != null && KubeadmTokenSpec.PRESENT.equals(token.state()) && token.holder() != null
                && draft.fresh(token.holder())
                && draft.statuses.inSync(token.holder(), StatusView.tokenId(token.id()));
    }

    private static String holder(DecisionDraft draft, BootstrapToken token) {
        if (token != null && token.holder() != null && isJoinedControlPlane(draft, token.holder())) {
            return token.holder();
        }
        return draft.nodes.stream().filter(NodeSpec::isControlPlane).map(NodeSpec::name)
                .filter(draft::joined).findFirst().orElse(null);
    }

    private static boolean isJoinedControlPlane(DecisionDraft draft, String name) {
        Optional<NodeSpec> node = draft.node(name);
        return node.isPresent() && node.get().isControlPlane() && draft.joined(name);
    }
}
