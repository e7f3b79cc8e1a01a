package io.kubenode.agent.host;

/**
 * What one call to etcd's JSON gateway came to: an HTTP answer (any status, with its body), or no answer at all
 * (connection refused, no route, timeout) with the reason in words. TLS and other failures are HostExceptions.
 */
public record EtcdGatewayAnswer(boolean answered, int status, String body, String problem) {

    public static EtcdGatewayAnswer of(int status, String body) {
        return new EtcdGatewayAnswer(true, status, body, null);
    }

    public static EtcdGatewayAnswer noAnswer(String problem) {
        return new EtcdGatewayAnswer(false, 0, "", problem);
    }
}
