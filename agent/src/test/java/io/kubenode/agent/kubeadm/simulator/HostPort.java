package io.kubenode.agent.kubeadm.simulator;

/** "host:port" (IPv6 in brackets), as in controlPlaneEndpoint and https URLs. */
record HostPort(String host, int port) {
    static HostPort parse(String text, int defaultPort) {
        String host = text;
        int port = defaultPort;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (colon > 0 && (!bracketed || text.lastIndexOf(']') < colon)) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new SimulatorFailure("invalid port in \"" + text + "\"");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new SimulatorFailure("invalid host:port \"" + text + "\"");
        }
        return new HostPort(host, port);
    }

    /** "https://host:port/..." → host and port. */
    static HostPort ofUrl(String url) {
        if (!url.startsWith("https://")) {
            throw new SimulatorFailure("server " + url + " is not an https URL");
        }
        String rest = url.substring("https://".length());
        int slash = rest.indexOf('/');
        return parse(slash < 0 ? rest : rest.substring(0, slash), 443);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
