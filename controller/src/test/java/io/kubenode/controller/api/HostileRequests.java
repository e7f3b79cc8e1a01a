package io.kubenode.controller.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.kubenode.controller.api.HostileRequest.BOGUS_BEARER;
import static io.kubenode.controller.api.HostileRequest.JSON;
import static io.kubenode.controller.api.HostileRequest.YAML;

/**
 * The generated hostile requests, by category, over every route the controller serves. Every write among them is
 * invalid on purpose: a test may demand that the store is unchanged afterwards.
 */
final class HostileRequests {
    static final String CLUSTER = "/api/v1/cluster";
    static final String TOKENS = "/api/v1/tokens";
    static final String ENROLL = "/api/v1/enroll";
    static final String ORCHESTRATION = "/api/v1/orchestration";
    static final String KUBECONFIG = "/api/v1/kubeconfig";
    static final String ROLLOUT = "/api/v1/rollout";
    static final List<String> ROLLOUT_ACTIONS = List.of(ROLLOUT + "/pause", ROLLOUT + "/resume", ROLLOUT + "/undo");
    static final List<String> ROUTES = Stream.concat(Stream.of("/healthz", "/readyz", ENROLL, CLUSTER,
            CLUSTER + "/history", TOKENS, TOKENS + "/abcdef", ORCHESTRATION, KUBECONFIG, ROLLOUT),
            ROLLOUT_ACTIONS.stream()).toList();
    static final Set<String> SERVED = Set.of("GET /healthz", "GET /readyz", "POST " + ENROLL, "GET " + CLUSTER,
            "PUT " + CLUSTER, "GET " + CLUSTER + "/history", "GET " + TOKENS, "POST " + TOKENS,
            "DELETE " + TOKENS + "/abcdef", "GET " + ORCHESTRATION, "POST " + KUBECONFIG, "GET " + ROLLOUT,
            "POST " + ROLLOUT_ACTIONS.get(0), "POST " + ROLLOUT_ACTIONS.get(1), "POST " + ROLLOUT_ACTIONS.get(2));
    static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "PROPFIND", "FOO");
    /** Past the 1 MiB body limit. */
    static final int OVERSIZED = 2 * 1024 * 1024;
    /** Enrollment counts 30 attempts a minute per address; staying below keeps the body checks in reach. */
    private static final int ENROLL_BODIES = 12;

    private HostileRequests() {
    }

    /** Everything, as the admin, then the routes and a sample of bodies again as node1. */
    static List<HostileRequest> all() {
        List<HostileRequest> admin = Stream.of(brokenBodies(), wrongClusterDocuments(), wrongTokenRequests(),
                wrongKubeconfigRequests(), wrongRolloutRequests(), wrongEnrollments(), routeParameters(), queryParameters(), methods(), contentTypes(), oversized(),
                bodiesOnReads(), hugeHeads()).flatMap(List::stream).toList();
        List<HostileRequest> node = Stream.of(methods(), brokenBodies().subList(0, 20), wrongTokenRequests(),
                        wrongKubeconfigRequests(), wrongRolloutRequests())
                .flatMap(List::stream).filter(request -> !request.path().equals(ENROLL))
                .map(request -> request.as("node1")).toList();
        return Stream.concat(admin.stream(), node.stream()).toList();
    }

    /** Broken YAML and JSON on each route with a body. */
    static List<HostileRequest> brokenBodies() {
        List<HostileRequest> requests = new ArrayList<>();
        int enrollments = 0;
        for (Map.Entry<String, byte[]> body : HostileDocuments.brokenSyntax().entrySet()) {
            requests.add(put("cluster: " + body.getKey(), CLUSTER + "?resourceVersion=0").withBody(body.getValue(),
                    YAML));
            requests.add(post("token: " + body.getKey(), TOKENS).withBody(body.getValue(), JSON));
            if (enrollments++ < ENROLL_BODIES) {
                requests.add(enroll("enroll: " + body.getKey(), body.getValue()));
            }
        }
        return requests;
    }

    /** The example cluster with wrong types, numbers and strings out of range, and nulls in its collections. */
    static List<HostileRequest> wrongClusterDocuments() {
        List<HostileRequest> requests = new ArrayList<>();
        Stream.of(HostileDocuments.wrongTypes(), HostileDocuments.outOfRange()).flatMap(map -> map.entrySet().stream())
                .forEach(document -> requests.add(put("cluster " + document.getKey(), CLUSTER + "?resourceVersion=0")
                        .withBody(document.getValue(), JSON)));
        HostileDocuments.nullsInCollections().forEach((name, document) -> requests.add(
                put("cluster with " + name, CLUSTER + "?resourceVersion=0").withBody(document, YAML)));
        return requests;
    }

    static List<HostileRequest> wrongTokenRequests() {
        List<HostileRequest> requests = new ArrayList<>();
        HostileDocuments.tokenBodies().forEach((name, body) -> requests.add(post("token " + name, TOKENS)
                .withBody(body, JSON)));
        return requests;
    }

    /**
     * Kubeconfig requests that must mint nothing: broken JSON, wrong types, ttl out of bounds, CSRs that are none,
     * and a well-formed request while there is no cluster document (409).
     */
    static List<HostileRequest> wrongKubeconfigRequests() {
        List<HostileRequest> requests = new ArrayList<>();
        HostileDocuments.brokenSyntax().entrySet().stream().limit(10).forEach(body -> requests.add(
                post("kubeconfig: " + body.getKey(), KUBECONFIG).withBody(body.getValue(), JSON)));
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\\nMIIBAA==\\n-----END CERTIFICATE REQUEST-----\\n";
        for (String body : List.of("{}", "[]", "null", "\"csr\"", "{\"csr\": 1}", "{\"csr\": null}", "{\"csr\": \"\"}",
                "{\"csr\": [\"x\"]}", "{\"csr\": \"x\", \"ttlSeconds\": 599}", "{\"csr\": \"x\", \"ttlSeconds\": 604801}",
                "{\"csr\": \"x\", \"ttlSeconds\": -1}", "{\"csr\": \"x\", \"ttlSeconds\": 1.5}",
                "{\"csr\": \"x\", \"ttlSeconds\": \"3600\"}", "{\"csr\": \"x\", \"ttlSeconds\": 99999999999999999999}",
                "{\"csr\": \"x\", \"user\": \"root\"}", "{\"csr\": \"not a pem\"}", "{\"csr\": \"" + csr + "\"}",
                "{\"csr\": \"" + "A".repeat(20_000) + "\"}")) {
            requests.add(post("kubeconfig " + (body.length() > 40 ? body.substring(0, 40) + "..." : body),
                    KUBECONFIG).withBody(body, JSON));
        }
        requests.add(post("kubeconfig without a cluster document", KUBECONFIG).withBody("{\"csr\": \""
                + HostileDocuments.VALID_ADMIN_CSR.replace("\n", "\\n") + "\"}", JSON));
        return requests;
    }

    /**
     * Rollout actions with bodies they refuse (broken JSON, wrong types, unknown fields, a reason too long or of
     * several lines): 400 before the rollout is touched.
     */
    static List<HostileRequest> wrongRolloutRequests() {
        List<HostileRequest> requests = new ArrayList<>();
        HostileDocuments.brokenSyntax().entrySet().stream().limit(10).forEach(body -> ROLLOUT_ACTIONS.forEach(
                action -> requests.add(post("rollout " + action + ": " + body.getKey(), action)
                        .withBody(body.getValue(), JSON))));
        for (String body : List.of("[]", "null", "\"reason\"", "{\"reason\": 1}", "{\"reason\": [\"x\"]}",
                "{\"reason\": {}}", "{\"reason\": true}", "{\"reason\": \"a\\u0000b\"}",
                "{\"reason\": \"line\\nbreak\"}", "{\"reason\": \"\\u001b[2J\"}", "{\"reason\": \"a\\u2066b\"}",
                "{\"reason\": \"" + "r".repeat(5000) + "\"}", "{\"who\": \"root\"}",
                "{\"reason\": \"x\", \"pausedBy\": \"root\"}")) {
            requests.add(post("rollout pause " + (body.length() > 40 ? body.substring(0, 40) + "..." : body),
                    ROLLOUT_ACTIONS.get(0)).withBody(body, JSON));
        }
        for (String action : ROLLOUT_ACTIONS.subList(1, 3)) {
            for (String body : List.of("{\"reason\": \"x\"}", "{\"force\": true}", "{\"revision\": 1}")) {
                requests.add(post("rollout " + action + " " + body, action).withBody(body, JSON));
            }
        }
        return requests;
    }

    /** Bodies of the wrong shape, and the bootstrap token missing, misspelt or oversized. */
    static List<HostileRequest> wrongEnrollments() {
        List<HostileRequest> requests = new ArrayList<>();
        HostileDocuments.enrollBodies().forEach((name, body) -> requests.add(enroll("enroll " + name,
                body.getBytes(StandardCharsets.UTF_8))));
        String body = "{\"nodeName\": \"node1\", \"csr\": \"x\"}";
        requests.add(post("enroll without a token", ENROLL).withBody(body, JSON));
        for (String authorization : List.of("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", BOGUS_BEARER + ".extra",
                "Bearer ../../etc/passwd", "Bearer " + "a".repeat(6000))) {
            requests.add(post("enroll with Authorization " + authorization.substring(0,
                    Math.min(30, authorization.length())), ENROLL).withBody(body, JSON)
                    .withHeader("Authorization", authorization));
        }
        return requests;
    }

    /** Token ids that try to leave the route, hide bytes, or overflow: DELETE must find nothing to delete. */
    static List<HostileRequest> routeParameters() {
        List<HostileRequest> requests = new ArrayList<>();
        for (String id : List.of("..", "../cluster", "..%2fcluster", "%2e%2e", "%2e%2e%2f%2e%2e%2fcluster", "%00",
                "abc%00def", "%C3%28", "%ff%fe", "%E2%80%AE", "%20", "a%2fb", "'%3b%20DROP%20TABLE%20token%3b--",
                "*", "%25", "a".repeat(3000), "a".repeat(10_000), "abcdef/extra", "abcdef;x=1", "ABCDEF",
                "%F0%9F%92%A9")) {
            String label = id.length() > 40 ? id.length() + " characters" : id;
            requests.add(HostileRequest.of("token id " + label, "admin", "DELETE", TOKENS + "/" + id));
            requests.add(HostileRequest.of("cluster path " + label, "admin", "GET", CLUSTER + "/" + id));
        }
        requests.add(HostileRequest.of("no token id", "admin", "DELETE", TOKENS + "/"));
        requests.add(HostileRequest.of("double slash", "admin", "DELETE", "/api/v1//tokens/abcdef"));
        return requests;
    }

    /**
     * resourceVersion values that are no version, on a valid document so only the parameter can be refused. A
     * version that parses to 0 ("00", "+0") would store the document, so none is sent.
     */
    static List<HostileRequest> queryParameters() {
        List<HostileRequest> requests = new ArrayList<>();
        for (String version : List.of("abc", "-1", "-9223372036854775808", "99999999999999999999", "", "1.5",
                "0x1", "1e3", "%00", "1%20", "%2B", "7", "abc&resourceVersion=0", "1;DROP")) {
            requests.add(put("resourceVersion=" + version, CLUSTER + "?resourceVersion=" + version)
                    .withBody(HostileDocuments.EXAMPLE, YAML));
        }
        requests.add(HostileRequest.of("GET with a version", "admin", "GET", CLUSTER + "?resourceVersion=abc"));
        for (String rollout : List.of("", "all", "ALL-AT-ONCE", "all-at-once%00", "all-at-once&rollout=all-at-once",
                "rolling", "%ff")) {
            requests.add(put("rollout=" + rollout, CLUSTER + "?resourceVersion=1&rollout=" + rollout)
                    .withBody(HostileDocuments.EXAMPLE, YAML));
        }
        requests.add(HostileRequest.of("history with a limit", "admin", "GET", CLUSTER + "/history?limit=-1"));
        requests.add(HostileRequest.of("tokens with junk", "admin", "GET", TOKENS + "?%00=%ff&a=" + "b".repeat(2000)));
        return requests;
    }

    /** Every route with every method it does not serve; bodies are junk where a body could be read. */
    static List<HostileRequest> methods() {
        List<HostileRequest> requests = new ArrayList<>();
        for (String route : ROUTES) {
            for (String method : METHODS) {
                if (!SERVED.contains(method + " " + route)) {
                    HostileRequest request = HostileRequest.of("method " + method, "admin", method, route);
                    requests.add(Set.of("PUT", "POST", "PATCH").contains(method)
                            ? request.withBody("{\"ttlSeconds\": ", JSON) : request);
                }
            }
        }
        return requests;
    }

    /** Bodies sent as forms, XML, plain text or nothing at all. */
    static List<HostileRequest> contentTypes() {
        List<HostileRequest> requests = new ArrayList<>();
        String brokenYaml = "apiVersion: [unclosed\n";
        for (String type : List.of("text/plain", "application/xml", "application/octet-stream", "image/png",
                "application/json; charset=latin1", ";;;", "x")) {
            requests.add(put("cluster as " + type, CLUSTER).withBody(brokenYaml, type));
            requests.add(post("token as " + type, TOKENS).withBody("ttlSeconds=600", type));
        }
        requests.add(put("cluster without a Content-Type", CLUSTER).withBody(brokenYaml, null));
        requests.add(put("cluster as XML", CLUSTER).withBody("<cluster><name>lab</name></cluster>", "application/xml"));
        requests.add(post("token without a Content-Type", TOKENS).withBody("ttlSeconds=600", null));
        for (String form : List.of("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
                "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data; boundary=x")) {
            String body = form.startsWith("multipart") ? "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                    + "1\r\n--x--\r\n" : "ttlSeconds=600&uses=1";
            requests.add(put("cluster as " + form, CLUSTER).withBody(body, form));
            requests.add(post("token as " + form, TOKENS).withBody(body, form));
            requests.add(enroll("enroll as " + form, body.getBytes(StandardCharsets.UTF_8))
                    .withHeader("Content-Type", form));
        }
        return requests;
    }

    /** Bodies past 1 MiB, with a Content-Length and chunked without one. */
    static List<HostileRequest> oversized() {
        byte[] comment = ("# " + "x".repeat(OVERSIZED) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] justOver = ("#" + "x".repeat(1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
        List<HostileRequest> requests = new ArrayList<>(List.of(
                put("cluster of 1 MiB + 1 byte", CLUSTER).withBody(justOver, YAML),
                put("cluster of 2 MiB", CLUSTER).withBody(comment, YAML),
                post("token of 2 MiB", TOKENS).withBody(comment, JSON),
                enroll("enroll of 2 MiB", comment),
                HostileRequest.of("DELETE with 2 MiB", "admin", "DELETE", TOKENS + "/abcdef").withBody(comment, JSON),
                HostileRequest.of("GET with 2 MiB", "admin", "GET", TOKENS).withBody(comment, JSON)));
        requests.addAll(requests.stream().map(HostileRequest::chunkedBody).toList());
        return requests;
    }

    /** GETs that carry bodies, which no read route looks at. */
    static List<HostileRequest> bodiesOnReads() {
        List<HostileRequest> requests = new ArrayList<>();
        for (String route : List.of("/healthz", "/readyz", CLUSTER, CLUSTER + "/history", TOKENS)) {
            requests.add(HostileRequest.of("GET with broken JSON", "admin", "GET", route).withBody("{\"a\":", JSON));
            requests.add(HostileRequest.of("GET with a document", "admin", "GET", route)
                    .withBody(HostileDocuments.EXAMPLE, YAML));
        }
        return requests;
    }

    /** Headers past what the HTTP codec takes (8 KiB), and many small ones. */
    static List<HostileRequest> hugeHeads() {
        HostileRequest many = HostileRequest.of("200 headers", "admin", "GET", TOKENS);
        for (int i = 0; i < 200; i++) {
            many = many.withHeader("X-Junk-" + i, "v");
        }
        return List.of(HostileRequest.of("a 10 KiB header", "admin", "GET", TOKENS).withHeader("X-Big",
                        "a".repeat(10 * 1024)),
                HostileRequest.of("a 10 KiB header on a write", "admin", "PUT", CLUSTER).withHeader("X-Big",
                        "a".repeat(10 * 1024)).withBody(HostileDocuments.EXAMPLE, YAML), many);
    }

    private static HostileRequest put(String name, String path) {
        return HostileRequest.of(name, "admin", "PUT", path);
    }

    private static HostileRequest post(String name, String path) {
        return HostileRequest.of(name, "admin", "POST", path);
    }

    private static HostileRequest enroll(String name, byte[] body) {
        return post(name, ENROLL).withBody(body, JSON).withHeader("Authorization", BOGUS_BEARER);
    }
}
