package io.kubenode.agent.resource.firewall;

import java.util.Optional;

/**
 * One thing a zone lets in that this agent manages: a port ({@code 6443/tcp}, {@code 30000-32767/tcp}) or a rich
 * rule in the exact text firewalld prints, so an observed item and a wanted one compare equal as strings.
 */
record FirewallItem(Kind kind, String value) implements Comparable<FirewallItem> {

    enum Kind {
        PORT("port"), RICH_RULE("rich-rule");

        private final String option;

        Kind(String option) {
            this.option = option;
        }
    }

    static FirewallItem port(String port) {
        return new FirewallItem(Kind.PORT, port);
    }

    static FirewallItem richRule(String rule) {
        return new FirewallItem(Kind.RICH_RULE, rule);
    }

    /**
     * The rich rule firewalld prints for an IP protocol accepted from one source: the family follows the address
     * (a colon means IPv6).
     */
    static FirewallItem protocolFrom(String protocol, String source) {
        String family = source.indexOf(':') >= 0 ? "ipv6" : "ipv4";
        return richRule("rule family=\"" + family + "\" source address=\"" + source + "\" protocol value=\""
                + protocol + "\" accept");
    }

    /** {@code --add-port=6443/tcp}, {@code --add-rich-rule=rule ...}: one argv element, never split. */
    String addOption() {
        return "--add-" + kind.option + "=" + value;
    }

    String removeOption() {
        return "--remove-" + kind.option + "=" + value;
    }

    /** How the ownership record stores it: {@code port 6443/tcp}, {@code rich-rule rule family=...}. */
    String recorded() {
        return kind.option + " " + value;
    }

    static Optional<FirewallItem> fromRecorded(String text) {
        for (Kind kind : Kind.values()) {
            if (text.startsWith(kind.option + " ")) {
                return Optional.of(new FirewallItem(kind, text.substring(kind.option.length() + 1)));
            }
        }
        return Optional.empty();
    }

    @Override
    public int compareTo(FirewallItem other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return kind == Kind.PORT ? value : "rich rule '" + value + "'";
    }
}
