package io.kubenode.agent.resource.probe;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.ProbeResult;
import io.kubenode.common.catalog.ProbeSpec;

import java.time.Duration;
import java.util.List;

/**
 * A read-only health check: it reports a fact and never changes the host. Healthy means in sync (no changes);
 * unhealthy means "not ready yet" ({@link NotReadyException} with the reason), which holds back the resources
 * that depend on it without counting as a failure. {@code criSocket}: a gRPC (HTTP/2) server answers on the unix
 * socket {@code target}; {@code https}: {@code target} answers 200 with a certificate from {@code caFile};
 * {@code haproxyServer}: the haproxy with the stats socket {@code target} sees {@code server} up and checked.
 */
public final class ProbeHandler implements ResourceHandler<ProbeSpec, ProbeActual> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public Class<ProbeSpec> specType() {
        return ProbeSpec.class;
    }

    @Override
    public ProbeActual observe(ProbeSpec spec, Host host) throws HostException, NotReadyException {
        if (spec.target() == null || spec.target().isBlank()) {
            throw new HostException("probe " + spec.name() + " has no target");
        }
        Duration timeout = spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : DEFAULT_TIMEOUT;
        ProbeResult result;
        if (ProbeSpec.CRI_SOCKET.equals(spec.check())) {
            result = host.probeUnixSocketHttp2(spec.target(), timeout);
        } else if (ProbeSpec.HTTPS.equals(spec.check())) {
            result = host.probeHttps(spec.target(), spec.caFile(), timeout);
        } else if (ProbeSpec.HAPROXY_SERVER.equals(spec.check())) {
            String[] backendServer = spec.server() == null ? new String[0] : spec.server().split("/", 2);
            if (backendServer.length != 2) {
                throw new HostException("probe " + spec.name() + " names no BACKEND/SERVER");
            }
            result = host.probeHaproxyServer(spec.target(), backendServer[0], backendServer[1], timeout);
        } else {
            throw new HostException("unknown probe check '" + spec.check() + "' (criSocket, https or haproxyServer)");
        }
        if (!result.healthy()) {
            throw new NotReadyException(spec.id() + ": " + result.detail());
        }
        return new ProbeActual(result.detail());
    }

    /** A probe that observed healthy has nothing to change; an unhealthy one never gets here. */
    @Override
    public List<Change> diff(ProbeSpec spec, ProbeActual actual) {
        return List.of();
    }

    @Override
    public void apply(ProbeSpec spec, ProbeActual actual, List<Change> changes, Host host, Pass pass) {
        // read-only by design: there is never anything to apply
    }
}
