package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.Host;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = "Shows what apply would change (observe + diff of every resource); changes nothing.",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {"0:planned (also when changes are pending)", "1:refused catalog or config",
                CommandLines.EXIT_USAGE})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    CatalogOption catalog;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    OutputOption output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NodeCatalog loaded = catalog.load();
        Host host = hostOptions.host(spec.commandLine());
        Report report = hostOptions.engine(loaded.spec().osFamily()).plan(loaded, host);
        output.print(SimulatedCommands.attach(report, host), spec.commandLine().getOut());
        return CommandLines.OK;
    }
}
