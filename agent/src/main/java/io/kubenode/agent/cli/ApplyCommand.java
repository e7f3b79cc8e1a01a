package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = "Makes the host match the catalog, once, and writes the report to the state dir.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:no resource failed (converged, or waiting on a probe)",
                "1:a resource failed, or the catalog/config was refused", CommandLines.EXIT_USAGE})
final class ApplyCommand implements Callable<Integer> {

    @Option(names = "--once", required = true, description = "One pass, then exit (the daemon is 'run').")
    boolean once;

    @Mixin
    CatalogOption catalog;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    OutputOption output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws HostException {
        NodeCatalog loaded = catalog.load();
        Host host = hostOptions.host(spec.commandLine());
        StateDir state = hostOptions.state(host);
        Optional<HostLock> lock = hostOptions.lock(state, spec.commandLine());
        if (lock.isEmpty()) {
            return CommandLines.FAILED;
        }
        try (HostLock held = lock.get()) {
            Report report = SimulatedCommands.attach(hostOptions.engine(loaded.spec().osFamily()).apply(loaded, host),
                    host);
            state.saveCatalog(loaded);
            state.saveReport(report);
            output.print(report, spec.commandLine().getOut());
            return report.failed() ? CommandLines.FAILED : CommandLines.OK;
        }
    }
}
