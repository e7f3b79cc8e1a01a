package io.kubenode.agent.kubeadm.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One bootstrapTokens entry: ID.SECRET, and either a ttl (default 24h, as kubeadm) or an absolute expiry. */
record BootstrapTokenSpec(String id, String secret, String description, Duration ttl, Instant expires,
                          List<String> usages, List<String> groups) {
    static final Pattern FORMAT = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");
    static final List<String> DEFAULT_USAGES = List.of("signing", "authentication");
    static final List<String> DEFAULT_GROUPS = List.of("system:bootstrappers:kubeadm:default-node-token");

    static BootstrapTokenSpec parse(String token, String description, String ttl, String expires,
                                    List<String> usages, List<String> groups) {
        if (token == null) {
            throw new SimulatorFailure("bootstrapTokens[0].token: Required value: the simulator does not generate "
                    + "tokens; put ID.SECRET in the configuration");
        }
        Matcher matcher = FORMAT.matcher(token);
        if (!matcher.matches()) {
            // The token never appears in the message: it is a secret even when malformed.
            throw new SimulatorFailure("the bootstrap token (" + token.length() + " characters) was not of the form "
                    + "\"" + FORMAT.pattern() + "\"");
        }
        return new BootstrapTokenSpec(matcher.group(1), matcher.group(2), description,
                ttl == null ? Duration.ofHours(24) : GoDuration.parse(ttl, "bootstrapTokens[0].ttl"),
                expires == null ? null : Instant.parse(expires),
                usages == null || usages.isEmpty() ? DEFAULT_USAGES : List.copyOf(usages),
                groups == null || groups.isEmpty() ? DEFAULT_GROUPS : List.copyOf(groups));
    }

    String token() {
        return id + "." + secret;
    }

    /** When it expires, created at {@code now}; a ttl of 0 means never (as kubeadm). */
    Instant expiresAt(Instant now) {
        if (expires != null) {
            return expires;
        }
        return ttl.isZero() ? null : now.plus(ttl);
    }
}
