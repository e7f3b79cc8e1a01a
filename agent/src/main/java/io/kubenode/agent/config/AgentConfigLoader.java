package io.kubenode.agent.config;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.enroll.NodeNames;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and checks agent.yaml; a missing file means every default, a bad one is refused with its paths. */
public final class AgentConfigLoader {

    /** The config, or every problem with it. */
    public record Loaded(AgentConfig config, List<Problem> problems) {
        public boolean ok() {
            return config != null;
        }
    }

    private AgentConfigLoader() {
    }

    public static Loaded load(Host machine, String path) {
        Optional<byte[]> bytes;
        try {
            bytes = machine.read(path);
        } catch (HostException e) {
            return new Loaded(null, List.of(Problem.error(Problem.DOCUMENT, e.getMessage())));
        }
        if (bytes.isEmpty() || settingsFree(bytes.get())) {
            return new Loaded(AgentConfig.defaults(), List.of());
        }
        ReadResult<AgentConfig> read = DocumentReader.read(bytes.get(), AgentConfig.class);
        if (read instanceof ReadResult.Unreadable<AgentConfig> unreadable) {
            return new Loaded(null, unreadable.problems());
        }
        AgentConfig config = ((ReadResult.Read<AgentConfig>) read).value();
        List<Problem> problems = new ArrayList<>();
        if (config.intervalSeconds() != null && config.intervalSeconds() < 1) {
            problems.add(Problem.error("intervalSeconds", "expected at least 1, got " + config.intervalSeconds()));
        }
        if (config.writablePaths() != null) {
            for (int i = 0; i < config.writablePaths().size(); i++) {
                String prefix = config.writablePaths().get(i);
                if (prefix == null || !prefix.startsWith("/") || prefix.equals("/") || prefix.contains("..")) {
                    problems.add(Problem.error("writablePaths[" + i + "]", "expected an absolute directory other "
                            + "than /, got '" + prefix + "'"));
                }
            }
        }
        problems.addAll(PolicyProblems.of(config));
        if (config.metricsAddress() != null && !config.metricsAddress().matches("[^\\s:]*:\\d{1,5}")) {
            problems.add(Problem.error("metricsAddress", "expected HOST:PORT, got '" + config.metricsAddress() + "'"));
        }
        problems.addAll(controllerProblems(config));
        return problems.isEmpty() ? new Loaded(config, List.of()) : new Loaded(null, problems);
    }

    /**
     * A file of comments and blank lines only, such as the packaged agent.yaml (every setting commented out with its
     * default), or an empty one: no setting, so every default, as for a missing file.
     */
    private static boolean settingsFree(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines()
                .allMatch(line -> line.isBlank() || line.strip().startsWith("#"));
    }

    /** controller.url, controller.caFile and nodeName: shapes only; whether they answer is run's business. */
    private static List<Problem> controllerProblems(AgentConfig config) {
        List<Problem> problems = new ArrayList<>();
        if (config.nodeName() != null) {
            NodeNames.problem(config.nodeName()).ifPresent(message -> problems.add(Problem.error("nodeName",
                    message)));
        }
        AgentConfig.Controller controller = config.controller();
        if (controller == null) {
            return problems;
        }
        if (controller.url() != null) {
            ControllerUrl.problem(controller.url()).ifPresent(message -> problems.add(Problem.error("controller.url",
                    message)));
        }
        String caFile = controller.caFile();
        if (caFile != null && (!caFile.startsWith("/") || caFile.contains(".."))) {
            problems.add(Problem.error("controller.caFile", "expected an absolute path, got '" + controller.caFile()
                    + "'"));
        }
        return problems;
    }
}
