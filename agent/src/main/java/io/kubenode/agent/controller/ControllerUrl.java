package io.kubenode.agent.controller;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The controller's base URL: https, a host, an optional port, nothing else (no path, query, fragment or user info),
 * so that every API path is appended the same way and no credential hides in it.
 */
public record ControllerUrl(URI base) {

    public static ControllerUrl parse(String url) {
        Optional<String> problem = problem(url);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        URI uri = URI.create(url);
        return new ControllerUrl(URI.create("https://" + uri.getRawAuthority()));
    }

    /** Why the text is not a controller URL, or empty when it is one. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("expected https://HOST[:PORT], got nothing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("expected https://HOST[:PORT], got '" + url + "': " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("expected an https:// URL (the controller only speaks TLS), got '" + url + "'");
        }
        if (uri.getHost() == null) {
            return Optional.of("expected https://HOST[:PORT], got '" + url + "' (no host)");
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!bare) {
            return Optional.of("expected https://HOST[:PORT] with no path, query or user info, got '" + url + "'");
        }
        return Optional.empty();
    }

    /** The URI of an API path such as "/api/v1/enroll" (query included, already encoded). */
    public URI resolve(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
