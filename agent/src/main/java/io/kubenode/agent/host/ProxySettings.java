package io.kubenode.agent.host;

import io.kubenode.common.net.Cidr;
import io.kubenode.common.net.IpAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy for https downloads, as curl and most tools read it: {@code https_proxy} (or {@code HTTPS_PROXY}) names
 * an HTTP proxy that tunnels with CONNECT, {@code no_proxy} (or {@code NO_PROXY}) lists hosts reached directly
 * ({@code *}, a name that also matches its subdomains, an IP address or a CIDR). Without these variables the JDK's
 * own selector decides, which honours the {@code https.proxyHost}/{@code https.proxyPort}/{@code http.nonProxyHosts}
 * system properties.
 */
public final class ProxySettings extends ProxySelector {
    private final Proxy proxy;
    private final List<String> noProxy;

    private ProxySettings(Proxy proxy, List<String> noProxy) {
        this.proxy = proxy;
        this.noProxy = noProxy;
    }

    /** The selector for this process: its environment, else the JDK default (system properties). */
    public static ProxySelector standard() {
        return fromEnvironment(System.getenv(), ProxySelector.getDefault());
    }

    public static ProxySelector fromEnvironment(Map<String, String> environment, ProxySelector fallback) {
        Optional<String> proxyUrl = variable(environment, "https_proxy");
        if (proxyUrl.isEmpty()) {
            return fallback;
        }
        String text = proxyUrl.get().contains("://") ? proxyUrl.get() : "http://" + proxyUrl.get();
        URI uri = URI.create(text);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("https_proxy is not host[:port] or a URL: " + proxyUrl.get());
        }
        int port = uri.getPort() != -1 ? uri.getPort() : 80;
        List<String> noProxy = variable(environment, "no_proxy")
                .map(list -> Arrays.stream(list.split(",")).map(String::strip).filter(entry -> !entry.isEmpty())
                        .map(entry -> entry.toLowerCase(Locale.ROOT)).toList())
                .orElse(List.of());
        return new ProxySettings(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(uri.getHost(), port)), noProxy);
    }

    /** The lower-case variable wins, as in curl; the upper-case one is the fallback. */
    private static Optional<String> variable(Map<String, String> environment, String lowerCaseName) {
        String value = environment.get(lowerCaseName);
        if (value == null || value.isBlank()) {
            value = environment.get(lowerCaseName.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        return host != null && bypasses(host.toLowerCase(Locale.ROOT)) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
    }

    boolean bypasses(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Optional<IpAddress> address = IpAddress.parse(bare);
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            if (address.isPresent() && entry.contains("/")) {
                Optional<Cidr> cidr = Cidr.parse(entry).cidr();
                if (cidr.isPresent() && cidr.get().contains(address.get())) {
                    return true;
                }
                continue;
            }
            String name = withoutPort(entry.startsWith(".") ? entry.substring(1) : entry);
            if (bare.equals(name) || bare.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    /** "example.com:8443" -> "example.com"; an IPv6 address keeps its colons. */
    private static String withoutPort(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return entry.substring(0, colon);
        }
        return entry.startsWith("[") && entry.endsWith("]") ? entry.substring(1, entry.length() - 1) : entry;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: the download's retry loop reports the failure
    }

    @Override
    public String toString() {
        return "proxy " + proxy.address() + (noProxy.isEmpty() ? "" : ", not for " + String.join(",", noProxy));
    }
}
