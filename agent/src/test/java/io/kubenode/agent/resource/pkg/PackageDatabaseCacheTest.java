package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** While the package database files are unchanged, passes reuse the last answer and start no query process. */
class PackageDatabaseCacheTest {
    @TempDir
    Path root;

    @Test
    void onThisMachineASecondNoOpPassRunsNoDpkgQuery() {
        List<List<String>> commands = new ArrayList<>();
        LocalHost machine = new LocalHost(Path.of("/")) {
            @Override
            public CommandResult run(List<String> argv, Duration timeout) throws HostException {
                commands.add(argv);
                return super.run(argv, timeout);
            }
        };
        EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(new PackageHandler(new AptProvider()))),
                AgentPolicy.defaults());
        NodeCatalog catalog = EngineHarness.catalogOf(PackageSpec.any("bash"), PackageSpec.any("coreutils"));

        // plan only: nothing is installed on this machine
        assertThat(engine.plan(catalog, machine).changes()).isEmpty();
        assertThat(engine.plan(catalog, machine).changes()).isEmpty();

        assertThat(commands).hasSize(1);
    }

    @Test
    void aChangedDatabaseFileMeansANewQuery() throws Exception {
        FakeApt host = new FakeApt(root);
        Path status = root.resolve("var/lib/dpkg/status");
        Files.createDirectories(status.getParent());
        Files.writeString(status, "Package: bash\n");
        EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(new PackageHandler(new AptProvider()))),
                AgentPolicy.defaults());
        NodeCatalog catalog = EngineHarness.catalogOf(PackageSpec.any("curl"));

        engine.plan(catalog, host);
        engine.plan(catalog, host);
        assertThat(host.commands()).hasSize(1);

        Path replaced = root.resolve("var/lib/dpkg/status-new");
        Files.writeString(replaced, "Package: bash\nPackage: curl\n");
        Files.move(replaced, status, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        engine.plan(catalog, host);

        assertThat(host.commands()).hasSize(2);
    }

    @Test
    void withoutDatabaseFilesEveryPassQueries() {
        FakeApt host = new FakeApt(root);
        EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(new PackageHandler(new AptProvider()))),
                AgentPolicy.defaults());
        NodeCatalog catalog = EngineHarness.catalogOf(PackageSpec.any("curl"));

        engine.plan(catalog, host);
        engine.plan(catalog, host);

        assertThat(host.commands()).hasSize(2);
    }
}
