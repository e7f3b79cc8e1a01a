package io.kubenode.controller.api;

import java.util.regex.Pattern;

/** The route template of a request path, for metric labels: node names and ids never become label values. */
final class RouteTemplates {
    private static final Pattern NODE = Pattern.compile("^/api/v1/nodes/[^/]+(/(catalog|status|certificate|revoke|forget))?$");
    private static final Pattern TOKEN = Pattern.compile("^/api/v1/tokens/[^/]+$");
    private static final Pattern CERTIFICATE_REVOKE = Pattern.compile("^/api/v1/certificates/[^/]+/revoke$");

    private RouteTemplates() {
    }

    static String of(String path) {
        if (path == null) {
            return "other";
        }
        switch (path) {
            case "/healthz", "/readyz", "/api/v1/enroll", "/api/v1/cluster", "/api/v1/cluster/history",
                    "/api/v1/nodes", "/api/v1/tokens", "/api/v1/audit", "/api/v1/certificates", "/api/v1/orchestration",
                    "/api/v1/kubeconfig", "/api/v1/rollout", "/api/v1/rollout/pause", "/api/v1/rollout/resume",
                    "/api/v1/rollout/undo", "/api/v1/monitoring/targets" -> {
                return path;
            }
            default -> {
                if (TOKEN.matcher(path).matches()) {
                    return "/api/v1/tokens/{id}";
                }
                if (CERTIFICATE_REVOKE.matcher(path).matches()) {
                    return "/api/v1/certificates/{serial}/revoke";
                }
                var node = NODE.matcher(path);
                if (node.matches()) {
                    return node.group(2) == null ? "/api/v1/nodes/{name}" : "/api/v1/nodes/{name}/" + node.group(2);
                }
                return "other";
            }
        }
    }
}
