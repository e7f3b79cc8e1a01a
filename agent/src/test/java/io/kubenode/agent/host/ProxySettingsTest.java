package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProxySettingsTest {
    private static final ProxySelector FALLBACK = ProxySelector.of(null);

    private static Proxy select(Map<String, String> environment, String url) {
        return ProxySettings.fromEnvironment(environment, FALLBACK).select(URI.create(url)).get(0);
    }

    @Test
    void withoutProxyVariablesTheJdkSelectorDecides() {
        assertThat(ProxySettings.fromEnvironment(Map.of("no_proxy", "example.com"), FALLBACK)).isSameAs(FALLBACK);
    }

    @Test
    void lowerCaseHttpsProxyWinsOverUpperCase() {
        Proxy proxy = select(Map.of("https_proxy", "http://127.0.0.1:3128", "HTTPS_PROXY", "http://127.0.0.2:9"),
                "https://github.com/x");

        assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(((InetSocketAddress) proxy.address()).getPort()).isEqualTo(3128);
        assertThat(((InetSocketAddress) proxy.address()).getHostString()).isEqualTo("127.0.0.1");
    }

    @Test
    void upperCaseHttpsProxyAndAHostWithoutSchemeWork() {
        Proxy proxy = select(Map.of("HTTPS_PROXY", "127.0.0.1:8080"), "https://github.com/x");

        assertThat(((InetSocketAddress) proxy.address()).getPort()).isEqualTo(8080);
    }

    @Test
    void noProxyMatchesNamesTheirSubdomainsAddressesAndNetworks() {
        Map<String, String> environment = Map.of("https_proxy", "http://127.0.0.1:3128",
                "no_proxy", " .internal, example.com:443 ,10.0.0.0/8,192.168.0.66");

        assertThat(select(environment, "https://k8s-cp.internal:8888/healthz")).isEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://example.com/a")).isEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://dl.example.com/a")).isEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://10.1.2.3/a")).isEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://192.168.0.66/a")).isEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://notexample.com/a")).isNotEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://github.com/a")).isNotEqualTo(Proxy.NO_PROXY);
        assertThat(select(environment, "https://11.0.0.1/a")).isNotEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void anAsteriskInNoProxyMeansNeverUseTheProxy() {
        assertThat(select(Map.of("https_proxy", "http://127.0.0.1:3128", "NO_PROXY", "*"), "https://github.com/"))
                .isEqualTo(Proxy.NO_PROXY);
    }
}
