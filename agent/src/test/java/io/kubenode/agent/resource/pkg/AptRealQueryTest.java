package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.PackageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apt provider's query side against the REAL dpkg database of this Debian machine (observe and plan only:
 * nothing is installed). bash and coreutils are essential packages, so they are always there.
 */
class AptRealQueryTest {
    private static final String MADE_UP = "kubenode-no-such-package";

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(
            new HandlerRegistry(List.of(new PackageHandler(new AptProvider()))), AgentPolicy.defaults());

    /** The real machine, counting the commands it runs. */
    private static final class CountingHost extends LocalHost {
        final List<List<String>> commands = new ArrayList<>();

        CountingHost(Path root) {
            super(root);
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout) throws HostException {
            commands.add(List.copyOf(argv));
            return super.run(argv, timeout);
        }
    }

    @Test
    void oneRealDpkgQueryReportsInstalledPackagesInSyncAndAMadeUpOneToInstall() {
        CountingHost host = new CountingHost(root);

        Report plan = engine.plan(EngineHarness.catalogOf(PackageSpec.any("bash"), PackageSpec.any("coreutils"),
                PackageSpec.any(MADE_UP)), host);

        assertThat(plan.resources()).extracting(resource -> resource.id() + " " + resource.state())
                .containsExactly("package:bash in_sync", "package:coreutils in_sync", "package:" + MADE_UP + " changed");
        assertThat(plan.changes()).containsExactly("+ package:" + MADE_UP);
        assertThat(host.commands).hasSize(1);
        assertThat(host.commands.get(0)).startsWith("dpkg-query", "-W").endsWith("bash", "coreutils", MADE_UP);
    }

    @Test
    void aPinOnTheRealUpstreamVersionIsInSyncAndAnyOtherIsAChange() throws HostException {
        LocalHost host = new LocalHost(root);
        String realVersion = realVersionOf("bash", host);
        String upstream = realVersion.replaceFirst("^\\d+:", "").replaceFirst("-[^-]*$", "");

        assertThat(engine.plan(EngineHarness.catalogOf(new PackageSpec("bash", upstream, null)), host).converged())
                .as("bash %s pinned as %s", realVersion, upstream).isTrue();
        assertThat(engine.plan(EngineHarness.catalogOf(new PackageSpec("bash", "0.0.1", null)), host).changes())
                .containsExactly("~ package:bash " + upstream + " -> 0.0.1");
    }

    @Test
    void theFakeAptAnswersDpkgQueryExactlyAsTheRealOneDoes() throws HostException {
        LocalHost real = new LocalHost(root);
        FakeApt fake = new FakeApt(root).installed("bash", realVersionOf("bash", real));
        List<String> argv = List.of("dpkg-query", "-W", "-f", AptProvider.QUERY_FORMAT, "--", "bash",
                MADE_UP);

        CommandResult fromReal = real.run(argv, Duration.ofSeconds(30));
        CommandResult fromFake = fake.run(argv, Duration.ofSeconds(30));

        assertThat(fromFake.exitCode()).isEqualTo(fromReal.exitCode()).isEqualTo(1);
        assertThat(fromFake.stdout()).isEqualTo(fromReal.stdout());
        assertThat(fromFake.stderr()).isEqualTo(fromReal.stderr());
    }

    @Test
    void theRealQueryParsesIntoVersionsPerPackage() throws HostException {
        LocalHost host = new LocalHost(root);

        var installed = new AptProvider().installedVersions(List.of("bash", "coreutils", MADE_UP), host);

        assertThat(installed).containsOnlyKeys("bash", "coreutils");
        assertThat(installed.get("bash")).containsExactly(realVersionOf("bash", host));
    }

    private static String realVersionOf(String name, LocalHost host) throws HostException {
        return host.runChecked(List.of("dpkg-query", "-W", "-f", "${Version}", name), Duration.ofSeconds(30))
                .stdout().strip();
    }
}
