package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.LoadBalancerSpec;
import io.kubenode.common.net.IpAddress;

/** keepalived (VRRP) and haproxy settings. */
final class LoadBalancerRules implements ClusterRule {
    private static final String PATH = "spec.loadBalancer";
    /** keepalived's PASS authentication silently truncates longer passwords. */
    static final int MAX_AUTH_PASS = 8;

    @Override
    public void check(Cluster cluster, Problems problems) {
        LoadBalancerSpec loadBalancer = cluster.spec().loadBalancer();
        if (loadBalancer == null) {
            return;
        }
        LoadBalancerSpec.Keepalived keepalived = loadBalancer.keepalived();
        if (problems.required(PATH + ".keepalived", keepalived)) {
            checkKeepalived(keepalived, problems);
            boolean ipv6Vip = cluster.spec().controlPlaneEndpoint() != null
                    && IpAddress.parse(cluster.spec().controlPlaneEndpoint().address()).filter(ip -> !ip.isIpv4())
                    .isPresent();
            if (ipv6Vip && keepalived.authPass() != null) {
                problems.warning(PATH + ".keepalived.authPass", "ignored: an IPv6 virtual IP makes keepalived use "
                        + "VRRPv3, which has no authentication");
            }
        }
        if (loadBalancer.haproxy() != null && loadBalancer.haproxy().apiServerPort() != null
                && !EndpointRules.isPort(loadBalancer.haproxy().apiServerPort())) {
            problems.error(PATH + ".haproxy.apiServerPort", "expected a port in 1..65535, got "
                    + loadBalancer.haproxy().apiServerPort());
        }
        Integer maxConnections = loadBalancer.haproxy() == null ? null : loadBalancer.haproxy().maxConnections();
        if (maxConnections != null && (maxConnections < 1 || maxConnections > LoadBalancerSpec.MAX_MAX_CONNECTIONS)) {
            problems.error(PATH + ".haproxy.maxConnections", "expected 1.." + LoadBalancerSpec.MAX_MAX_CONNECTIONS
                    + ", got " + maxConnections);
        }
    }

    private static void checkKeepalived(LoadBalancerSpec.Keepalived keepalived, Problems problems) {
        String path = PATH + ".keepalived";
        if (problems.required(path + ".interface", keepalived.networkInterface())
                && !Patterns.isInterfaceName(keepalived.networkInterface())) {
            problems.error(path + ".interface", "'" + keepalived.networkInterface() + "' is not a Linux interface "
                    + "name (1-15 characters: letters, digits, '_', '.', '-')");
        }
        Integer routerId = keepalived.virtualRouterId();
        if (problems.required(path + ".virtualRouterId", routerId) && (routerId < 1 || routerId > 255)) {
            problems.error(path + ".virtualRouterId", "expected 1..255, got " + routerId);
        }
        Integer checkInterval = keepalived.checkIntervalSeconds();
        if (checkInterval != null && (checkInterval < LoadBalancerSpec.MIN_CHECK_INTERVAL_SECONDS
                || checkInterval > LoadBalancerSpec.MAX_CHECK_INTERVAL_SECONDS)) {
            problems.error(path + ".checkIntervalSeconds", "expected " + LoadBalancerSpec.MIN_CHECK_INTERVAL_SECONDS
                    + ".." + LoadBalancerSpec.MAX_CHECK_INTERVAL_SECONDS + " (the check itself may take 2 s), got "
                    + checkInterval);
        }
        String pass = keepalived.authPass();
        if (pass == null) {
            return;
        }
        if (pass.isEmpty() || pass.length() > MAX_AUTH_PASS) {
            problems.error(path + ".authPass", "expected 1.." + MAX_AUTH_PASS + " characters (keepalived's PASS "
                    + "authentication silently truncates longer ones), got " + pass.length());
        } else if (!pass.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            problems.error(path + ".authPass", "use printable ASCII without spaces, '\"' or '\\'");
        }
    }
}
