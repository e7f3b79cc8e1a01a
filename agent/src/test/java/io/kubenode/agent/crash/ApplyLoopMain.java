package io.kubenode.agent.crash;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A separate agent process for the crash test: applies two catalogs in turn, forever, printing each pass. */
public final class ApplyLoopMain {
    private ApplyLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalHost host = new LocalHost(Path.of(args[0]));
        NodeCatalog[] catalogs = {load(Path.of(args[1])), load(Path.of(args[2]))};
        Engine engine = new Engine(Handlers.registry(new HandlerContext(OsFamily.RHEL, "/var/lib/kubenode-agent",
                Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC());
        for (int pass = 0; ; pass++) {
            Report report = engine.apply(catalogs[pass % 2], host);
            if (report.failed()) {
                System.out.println("failed " + report.resources());
                return;
            }
            System.out.println("applied");
            System.out.flush();
        }
    }

    private static NodeCatalog load(Path file) throws Exception {
        CatalogLoader.Loaded loaded = CatalogLoader.load(Files.readAllBytes(file));
        if (!loaded.ok()) {
            throw new IllegalArgumentException(loaded.problems().toString());
        }
        return loaded.catalog();
    }
}
