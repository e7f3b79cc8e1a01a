package io.kubenode.agent.engine;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.ResourceSpec;

import java.util.List;

/**
 * One resource type. {@code observe} reads the host, {@code diff} is pure (plan output comes from it), {@code apply}
 * makes the listed changes. A handler never touches the host except through {@link Host}.
 *
 * @param <S> the catalog spec
 * @param <A> what observe found
 */
public interface ResourceHandler<S extends ResourceSpec, A> {

    Class<S> specType();

    /**
     * Called once per pass, before any resource of this type is observed, with every spec of this type in the
     * catalog. A handler that can observe many resources with one command (packages: one {@code rpm -q} for all)
     * does it here and serves observe from the result. Must not throw: on failure observe finds out on its own.
     */
    default void prepare(List<S> specs, Host host) {
    }

    A observe(S spec, Host host) throws HostException, NotReadyException;

    List<Change> diff(S spec, A actual);

    void apply(S spec, A actual, List<Change> changes, Host host, Pass pass) throws HostException;

    /**
     * What apply is doing, in words, for the node's status while it runs ("kubeadm join running for 42 s"): a step
     * that may take minutes names itself.
     */
    default String activity(S spec) {
        return "apply of " + spec.id();
    }

    /**
     * Why a resource is in sync, when that is not plain "matches the catalog" (a firewall on a host without
     * firewalld: nothing to open); null for most.
     */
    default String inSyncNote(S spec, A actual) {
        return null;
    }

    /** Host paths this resource writes, for the path policy; empty for resources that write no file. */
    default List<String> writes(S spec) {
        return List.of();
    }
}
