package io.kubenode.agent.resource.kernelmodule;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stands in for modprobe, which cannot load a module that does not exist on this test machine: files are read
 * under the given root (the real "/" included), every command is recorded and answered with a scripted result,
 * and nothing is ever run.
 */
final class FakeModprobeHost extends LocalHost {
    private final CommandResult answer;
    private final List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());

    private FakeModprobeHost(Path root, int exitCode, String stderr) {
        super(root);
        this.answer = new CommandResult(List.of("modprobe"), exitCode, "", stderr, Duration.ZERO);
    }

    static FakeModprobeHost succeeding(Path root) {
        return new FakeModprobeHost(root, 0, "");
    }

    static FakeModprobeHost failing(Path root, int exitCode, String stderr) {
        return new FakeModprobeHost(root, exitCode, stderr);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        return new CommandResult(argv, answer.exitCode(), answer.stdout(), answer.stderr(), Duration.ZERO);
    }

    List<List<String>> commands() {
        return List.copyOf(commands);
    }
}
