package io.kubenode.agent.config;

import io.kubenode.agent.state.EnrollmentRecord;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerSettingsTest {
    private static final Optional<EnrollmentRecord> ENROLLED =
            Optional.of(new EnrollmentRecord("https://enrolled:9443", "node1.internal"));

    @Test
    void withoutConfigTheEnrollmentDecides() {
        ControllerSettings settings = ControllerSettings.resolve(AgentConfig.defaults(), ENROLLED).orElseThrow();

        assertThat(settings.url().toString()).isEqualTo("https://enrolled:9443");
        assertThat(settings.nodeName()).isEqualTo("node1.internal");
        assertThat(settings.caFile()).isNull();
    }

    @Test
    void agentYamlOverridesTheEnrollment() {
        AgentConfig config = new AgentConfig(null, null, null, null,
                new AgentConfig.Controller("https://moved:9443", "/etc/kubenode/ca.crt"), "node1", null, null);

        ControllerSettings settings = ControllerSettings.resolve(config, ENROLLED).orElseThrow();

        assertThat(settings.url().toString()).isEqualTo("https://moved:9443");
        assertThat(settings.nodeName()).isEqualTo("node1");
        assertThat(settings.caFile()).isEqualTo("/etc/kubenode/ca.crt");
    }

    @Test
    void neitherConfigNorEnrollmentMeansNoController() {
        assertThat(ControllerSettings.resolve(AgentConfig.defaults(), Optional.empty())).isEmpty();
    }

    @Test
    void aControllerWithoutANodeNameIsAnError() {
        AgentConfig config = new AgentConfig(null, null, null, null,
                new AgentConfig.Controller("https://c:9443", null), null, null, null);

        assertThatThrownBy(() -> ControllerSettings.resolve(config, Optional.empty()))
                .hasMessageContaining("no node name");
    }
}
