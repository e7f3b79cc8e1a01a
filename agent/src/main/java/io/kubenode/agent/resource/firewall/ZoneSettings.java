package io.kubenode.agent.resource.firewall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One zone as {@code firewall-cmd [--permanent] --zone=Z --list-all} prints it: a header line with the zone's
 * name, then indented {@code key: value} lines whose values are space-separated, except rich rules, which follow
 * their key one per line (a rule contains spaces).
 */
record ZoneSettings(String zone, String target, List<String> services, List<String> ports,
                    List<String> protocols, List<String> richRules) {
    private static final String RICH_RULES = "rich rules";

    ZoneSettings {
        services = List.copyOf(services);
        ports = List.copyOf(ports);
        protocols = List.copyOf(protocols);
        richRules = List.copyOf(richRules);
    }

    /** The ports and rich rules, the two kinds of item the agent manages. */
    Set<FirewallItem> items() {
        Set<FirewallItem> items = new TreeSet<>();
        ports.forEach(port -> items.add(FirewallItem.port(port)));
        richRules.forEach(rule -> items.add(FirewallItem.richRule(rule)));
        return items;
    }

    /** Parses the output of {@code --list-all}; fails with the text when it is not that. */
    static ZoneSettings parse(String listAll) {
        List<String> lines = listAll.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty() || Character.isWhitespace(lines.get(0).charAt(0))) {
            throw new IllegalArgumentException("not firewall-cmd --list-all output (no zone line): '"
                    + listAll.strip() + "'");
        }
        // "public (active)" or "public (default)" or just "public"
        String zone = lines.get(0).strip().split("\\s+", 2)[0];
        Map<String, String> values = new LinkedHashMap<>();
        List<String> richRules = new ArrayList<>();
        boolean inRichRules = false;
        for (String line : lines.subList(1, lines.size())) {
            String stripped = line.strip();
            int colon = stripped.indexOf(':');
            // a rich rule line starts with "rule"; keys never do
            if (inRichRules && stripped.startsWith("rule ")) {
                richRules.add(stripped);
                continue;
            }
            if (colon <= 0) {
                throw new IllegalArgumentException("unexpected line in firewall-cmd --list-all output: '" + line
                        + "'");
            }
            String key = stripped.substring(0, colon);
            values.put(key, stripped.substring(colon + 1).strip());
            inRichRules = key.equals(RICH_RULES);
        }
        if (!values.containsKey("target") || !values.containsKey("ports")) {
            throw new IllegalArgumentException("firewall-cmd --list-all output without target or ports: '"
                    + listAll.strip() + "'");
        }
        return new ZoneSettings(zone, values.get("target"), words(values.get("services")), words(values.get("ports")),
                words(values.get("protocols")), richRules);
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.asList(value.strip().split("\\s+"));
    }
}
