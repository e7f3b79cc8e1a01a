package io.kubenode.agent.config;

import io.kubenode.agent.controller.ControllerUrl;
import io.kubenode.agent.state.EnrollmentRecord;

import java.util.Optional;

/**
 * Where run finds its controller: agent.yaml's {@code controller.url} and {@code nodeName} when set, else what
 * enroll recorded; {@code caFile} (a path on this machine) only from agent.yaml, else the state dir's pki/ca.crt.
 */
public record ControllerSettings(ControllerUrl url, String nodeName, String caFile) {

    /** Empty when neither agent.yaml nor an enrollment names a controller: the agent has no controller. */
    public static Optional<ControllerSettings> resolve(AgentConfig config, Optional<EnrollmentRecord> enrollment) {
        AgentConfig.Controller controller = config.controller();
        String url = controller != null && controller.url() != null ? controller.url()
                : enrollment.map(EnrollmentRecord::controllerUrl).orElse(null);
        if (url == null) {
            return Optional.empty();
        }
        String nodeName = config.nodeName() != null ? config.nodeName()
                : enrollment.map(EnrollmentRecord::nodeName).orElse(null);
        if (nodeName == null) {
            throw new IllegalArgumentException("controller " + url + " is configured but no node name: enroll "
                    + "(kubenode-agent enroll) or set nodeName in agent.yaml");
        }
        return Optional.of(new ControllerSettings(ControllerUrl.parse(url), nodeName,
                controller != null ? controller.caFile() : null));
    }
}
