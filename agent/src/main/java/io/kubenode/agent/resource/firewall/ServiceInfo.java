package io.kubenode.agent.resource.firewall;

import java.util.Arrays;
import java.util.List;

/** The ports line of {@code firewall-cmd --info-service=NAME}: {@code   ports: 22/tcp}. */
final class ServiceInfo {
    private ServiceInfo() {
    }

    static List<String> ports(String infoService) {
        for (String line : infoService.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("ports:")) {
                String value = stripped.substring("ports:".length()).strip();
                return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
            }
        }
        throw new IllegalArgumentException("no ports line in firewall-cmd --info-service output: '"
                + infoService.strip() + "'");
    }
}
