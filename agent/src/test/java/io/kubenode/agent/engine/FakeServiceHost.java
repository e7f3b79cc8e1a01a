package io.kubenode.agent.engine;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A temp-root host whose commands are recorded and succeed: engine tests only look at what was asked. */
final class FakeServiceHost extends LocalHost {
    final List<String> commands = new ArrayList<>();

    FakeServiceHost(Path root) {
        super(root);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        commands.add(String.join(" ", argv));
        return new CommandResult(argv, 0, "", "", Duration.ZERO);
    }
}
