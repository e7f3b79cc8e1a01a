package io.kubenode.agent.cli;

import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.cli.CommandLines;
import io.kubenode.common.document.Documents;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "facts",
        mixinStandardHelpOptions = true,
        description = "Prints this machine's facts as JSON: hostname, machine-id, product_uuid, MACs, addresses, "
                + "CPUs, memory, swap, kernel, OS, SELinux, cgroup version, containerd and kubelet versions and "
                + "cgroup drivers, and the firewall (firewalld: running, zone, what it lets in).",
        exitCodeListHeading = CommandLines.EXIT_HEADING,
        exitCodeList = {CommandLines.EXIT_OK, "1:a fact could not be read", CommandLines.EXIT_USAGE})
final class FactsCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Directory treated as the machine's root (default: ${DEFAULT-VALUE}).")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws HostException {
        spec.commandLine().getOut().print(Documents.toJson(new FactsCollector(new LocalHost(root)).collect()));
        spec.commandLine().getOut().flush();
        return CommandLines.OK;
    }
}
