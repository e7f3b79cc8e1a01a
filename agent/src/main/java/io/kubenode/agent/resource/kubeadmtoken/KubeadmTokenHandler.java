package io.kubenode.agent.resource.kubeadmtoken;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.step.ApiUnreachable;
import io.kubenode.agent.resource.step.StepCommand;
import io.kubenode.common.catalog.KubeadmTokenSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A bootstrap token on the cluster, through {@code kubeadm token} on this control plane. present: in sync when the
 * id is listed expiring at or after validUntil (or never); otherwise deleted (when listed) and created again from
 * configFile, where the secret is, so it never appears in an argv. absent: deleted when listed. No token text
 * (from the list or from create's output) reaches any message: only the id is ever kept, and failures quote
 * output redacted.
 */
public final class KubeadmTokenHandler implements ResourceHandler<KubeadmTokenSpec, TokenActual> {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Class<KubeadmTokenSpec> specType() {
        return KubeadmTokenSpec.class;
    }

    @Override
    public TokenActual observe(KubeadmTokenSpec spec, Host host) throws HostException, NotReadyException {
        if (host.stat(spec.kubeconfig()).isEmpty()) {
            throw new NotReadyException("waiting for " + spec.kubeconfig() + " (written by kubeadm init or join)");
        }
        String label = "kubeadm token list";
        CommandResult result = StepCommand.runAllowingFailure(host, label, listArgv(spec), TIMEOUT);
        if (result.exitCode() != 0) {
            if (ApiUnreachable.says(result.stdout() + result.stderr())) {
                throw new NotReadyException(StepCommand.failure(label, result, "the API does not answer yet"));
            }
            throw new HostException(StepCommand.failure(label, result, ""));
        }
        try {
            return TokenList.find(result.stdout(), spec.name());
        } catch (IllegalArgumentException e) {
            throw new HostException(e.getMessage());
        }
    }

    @Override
    public List<Change> diff(KubeadmTokenSpec spec, TokenActual actual) {
        String create = "kubeadm token create --config " + spec.configFile() + " --kubeconfig " + spec.kubeconfig();
        String delete = "kubeadm token delete " + spec.name() + " --kubeconfig " + spec.kubeconfig();
        if (KubeadmTokenSpec.ABSENT.equals(spec.state())) {
            return actual.listed() ? List.of(Change.delete(spec.id(), "run " + delete)) : List.of();
        }
        if (!actual.listed()) {
            return List.of(Change.create(spec.id(), "run " + create + " (valid until at least " + spec.validUntil()
                    + ")"));
        }
        if (expiresTooSoon(spec, actual)) {
            return List.of(Change.update(spec.id(), "expires " + actual.expires() + ", before " + spec.validUntil()
                    + ": run " + delete + ", then " + create));
        }
        return List.of();
    }

    private static boolean expiresTooSoon(KubeadmTokenSpec spec, TokenActual actual) {
        return actual.expires() != null && spec.validUntil() != null
                && actual.expires().isBefore(Instant.parse(spec.validUntil()));
    }

    @Override
    public void apply(KubeadmTokenSpec spec, TokenActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        if (actual.listed()) {
            StepCommand.run(host, "kubeadm token delete " + spec.name(), List.of("kubeadm", "token", "delete",
                    spec.name(), "--kubeconfig", spec.kubeconfig()), TIMEOUT);
        }
        if (KubeadmTokenSpec.PRESENT.equals(spec.state())) {
            // create prints the token: the result is not kept, and a failure's output is redacted
            StepCommand.run(host, "kubeadm token create", List.of("kubeadm", "token", "create", "--config",
                    spec.configFile(), "--kubeconfig", spec.kubeconfig()), TIMEOUT);
        }
    }

    @Override
    public String activity(KubeadmTokenSpec spec) {
        return "kubeadm token " + (KubeadmTokenSpec.ABSENT.equals(spec.state()) ? "delete" : "create");
    }

    private static List<String> listArgv(KubeadmTokenSpec spec) {
        return List.of("kubeadm", "token", "list", "-o", "json", "--kubeconfig", spec.kubeconfig());
    }
}
