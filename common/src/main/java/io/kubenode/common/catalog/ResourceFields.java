package io.kubenode.common.catalog;

import io.kubenode.common.net.IpAddress;
import io.kubenode.common.validation.Patterns;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of every catalog string that reaches an argv, a path or a kernel interface, with the patterns the
 * controller's validator applies to the cluster document. The compiler asserts them on its output; the agent checks
 * each resource with them before anything runs and reports a resource that fails as failed, naming the field.
 */
public final class ResourceFields {
    private static final Pattern FILE_MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern MARKER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:-]{0,63}");
    private static final Set<String> SELINUX_MODES = Set.of("enforcing", "permissive", "disabled");
    private static final int MAX_PROBE_TIMEOUT_SECONDS = 300;
    /** haproxy's own rule for proxy and server names, one of each. */
    private static final Pattern HAPROXY_SERVER = Pattern.compile("[A-Za-z0-9_.:-]{1,64}/[A-Za-z0-9_.:-]{1,64}");
    /** A kubeadm step or a manifest apply: at most an hour (kubeadm's own waits are minutes). */
    static final int MAX_STEP_TIMEOUT_SECONDS = 3600;
    private static final Pattern TOKEN_ID = Pattern.compile("[a-z0-9]{6}");
    /** kubeadm's preflight check names ("Swap", "Port-6443", "FileAvailable--etc-kubernetes-manifests-x.yaml"). */
    private static final Pattern PREFLIGHT_CHECK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private ResourceFields() {
    }

    /** Every field problem of one resource spec, paths relative to the spec ({@code spec.name}). */
    public static List<Problem> check(ResourceSpec spec) {
        Fields fields = new Fields();
        if (spec instanceof FileSpec file) {
            checkFile(file, fields);
        } else if (spec instanceof ManagedBlockSpec block) {
            fields.path("spec.path", block.path());
            fields.match("spec.marker", block.marker(), MARKER, "a one-line marker (letters, digits, ' ._:-')");
        } else if (spec instanceof SysctlSpec sysctl) {
            fields.match("spec.key", sysctl.key(), Patterns.SYSCTL_KEY, "a sysctl key such as net.ipv4.ip_forward");
            fields.match("spec.value", sysctl.value(), Patterns.SYSCTL_VALUE,
                    "a value of letters, digits, spaces and . _ : , / -");
        } else if (spec instanceof KernelModuleSpec module) {
            fields.match("spec.name", module.name(), Patterns.KERNEL_MODULE,
                    "a kernel module name (letters, digits, '_', '-', not starting with '-')");
        } else if (spec instanceof SelinuxSpec selinux) {
            fields.oneOf("spec.mode", selinux.mode(), SELINUX_MODES);
        } else if (spec instanceof HostnameSpec hostname) {
            fields.check("spec.hostname", hostname.hostname(), Patterns.isHostname(hostname.hostname()),
                    "a DNS-1123 host name of at most " + Patterns.HOSTNAME_MAX_LENGTH + " characters");
        } else if (spec instanceof PackageSpec pkg) {
            checkPackage(pkg, fields);
        } else if (spec instanceof ArchiveSpec archive) {
            checkArchive(archive, fields);
        } else if (spec instanceof ServiceSpec service) {
            fields.match("spec.name", service.name(), Patterns.SERVICE_UNIT,
                    "a systemd unit name (letters, digits, ':_.@-', not starting with '-')");
            if (service.state() != null) {
                fields.oneOf("spec.state", service.state(), Set.of(ServiceSpec.RUNNING, ServiceSpec.STOPPED));
            }
        } else if (spec instanceof ProbeSpec probe) {
            checkProbe(probe, fields);
        } else if (spec instanceof KubeadmSpec kubeadm) {
            checkKubeadm(kubeadm, fields);
        } else if (spec instanceof KubeadmTokenSpec token) {
            checkKubeadmToken(token, fields);
        } else if (spec instanceof ManifestSpec manifest) {
            fields.match("spec.name", manifest.name(), Patterns.RESOURCE_NAME,
                    "a name of letters, digits, '.', '_' and '-'");
            fields.path("spec.file", manifest.file());
            fields.path("spec.kubeconfig", manifest.kubeconfig());
            fields.timeout("spec.timeoutSeconds", manifest.timeoutSeconds(), MAX_STEP_TIMEOUT_SECONDS);
        } else if (spec instanceof FirewallSpec firewall) {
            checkFirewall(firewall, fields);
        } else if (spec instanceof DrainSpec drain) {
            fields.nodeName("spec.node", drain.node());
            fields.path("spec.kubeconfig", drain.kubeconfig());
            fields.check("spec.timeoutSeconds", String.valueOf(drain.timeoutSeconds()),
                    drain.timeoutSeconds() >= DrainSpec.MIN_TIMEOUT_SECONDS
                            && drain.timeoutSeconds() <= DrainSpec.MAX_TIMEOUT_SECONDS,
                    DrainSpec.MIN_TIMEOUT_SECONDS + " to " + DrainSpec.MAX_TIMEOUT_SECONDS + " seconds");
        } else if (spec instanceof ClusterNodeSpec node) {
            RemovalFields.checkClusterNode(node, fields);
        } else if (spec instanceof EtcdMemberSpec member) {
            RemovalFields.checkEtcdMember(member, fields);
        }
        // swap has no string field
        return fields.problems();
    }

    /** For the compiler: its output must pass what every agent checks. */
    public static void requireValid(NodeCatalog.Spec spec) {
        List<String> problems = new ArrayList<>();
        for (CatalogResource resource : spec.resources()) {
            check(resource.spec()).forEach(problem -> problems.add(resource.id() + " " + problem.render()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("catalog fields agents refuse: " + problems);
        }
    }

    private static void checkFile(FileSpec file, Fields fields) {
        fields.path("spec.path", file.path());
        if (file.mode() != null) {
            fields.match("spec.mode", file.mode(), FILE_MODE, "an octal mode from 000 to 0777");
            if (file.isSecret() && Patterns.matches(FILE_MODE, file.mode())) {
                // a secret readable by a group or by others is no longer a secret; execute bits have no use on one
                fields.check("spec.mode", file.mode(), SecretText.withinSecretMode(file.mode()),
                        "0600 or stricter (0400) for a secret file");
            }
        }
        if (file.owner() != null) {
            fields.match("spec.owner", file.owner(), ACCOUNT, "a user name");
        }
        if (file.group() != null) {
            fields.match("spec.group", file.group(), ACCOUNT, "a group name");
        }
        List<String> validate = file.validate();
        if (!validate.isEmpty()) {
            fields.check("spec.validate[0]", validate.get(0), Patterns.isHostPath(validate.get(0)),
                    "the validator program by absolute path");
            for (int i = 0; i < validate.size(); i++) {
                String argument = validate.get(i);
                fields.check("spec.validate[" + i + "]", argument, argument != null && argument.indexOf('\0') < 0,
                        "an argument without NUL");
            }
        }
    }

    private static void checkPackage(PackageSpec pkg, Fields fields) {
        fields.match("spec.name", pkg.name(), Patterns.PACKAGE_NAME,
                "a package name (letters, digits, '.', '_', '+', '-', starting with a letter or digit)");
        if (pkg.version() != null) {
            fields.match("spec.version", pkg.version(), Patterns.PACKAGE_VERSION,
                    "a version (letters, digits, '.+~_:-', starting with a letter or digit, no glob)");
        }
        if (pkg.repository() != null) {
            fields.match("spec.repository", pkg.repository(), Patterns.REPOSITORY_ID,
                    "a repository id (letters, digits, '._:-', starting with a letter or digit)");
        }
    }

    private static void checkArchive(ArchiveSpec archive, Fields fields) {
        fields.match("spec.name", archive.name(), Patterns.RESOURCE_NAME,
                "a name of letters, digits, '.', '_' and '-'");
        fields.check("spec.url", archive.url(), Patterns.isHttpsUrl(archive.url()), "an https URL");
        if (archive.sha256() != null) {
            fields.check("spec.sha256", archive.sha256(), Patterns.SHA256_HEX.matcher(
                    archive.sha256().strip().toLowerCase(Locale.ROOT)).matches(), "64 hex digits");
        }
        fields.oneOf("spec.format", archive.format(), Set.of(ArchiveSpec.TAR_GZ, ArchiveSpec.FILE));
        fields.path("spec.destination", archive.destination());
        if (archive.creates() != null) {
            fields.path("spec.creates", archive.creates());
        }
        if (archive.mode() != null) {
            fields.match("spec.mode", archive.mode(), FILE_MODE, "an octal mode from 000 to 0777");
        }
    }

    private static void checkProbe(ProbeSpec probe, Fields fields) {
        fields.match("spec.name", probe.name(), Patterns.RESOURCE_NAME, "a name of letters, digits, '.', '_' and '-'");
        if (ProbeSpec.CRI_SOCKET.equals(probe.check())) {
            fields.path("spec.target", probe.target());
        } else if (ProbeSpec.HTTPS.equals(probe.check())) {
            fields.check("spec.target", probe.target(), Patterns.isHttpsUrl(probe.target()), "an https URL");
        } else if (ProbeSpec.HAPROXY_SERVER.equals(probe.check())) {
            fields.path("spec.target", probe.target());
            fields.match("spec.server", probe.server(), HAPROXY_SERVER, "BACKEND/SERVER, haproxy names of letters, "
                    + "digits, '.', '_', ':' and '-'");
        } else {
            fields.oneOf("spec.check", probe.check(), Set.of(ProbeSpec.CRI_SOCKET, ProbeSpec.HTTPS,
                    ProbeSpec.HAPROXY_SERVER));
        }
        if (probe.server() != null && !ProbeSpec.HAPROXY_SERVER.equals(probe.check())) {
            fields.check("spec.server", probe.server(), false, "no server: only a haproxyServer probe names one");
        }
        if (probe.caFile() != null) {
            fields.path("spec.caFile", probe.caFile());
        }
        fields.check("spec.timeoutSeconds", String.valueOf(probe.timeoutSeconds()),
                probe.timeoutSeconds() >= 0 && probe.timeoutSeconds() <= MAX_PROBE_TIMEOUT_SECONDS,
                "0 (default) to " + MAX_PROBE_TIMEOUT_SECONDS + " seconds");
    }

    private static void checkKubeadm(KubeadmSpec kubeadm, Fields fields) {
        fields.oneOf("spec.name", kubeadm.name(), Set.of(KubeadmSpec.NODE));
        fields.oneOf("spec.action", kubeadm.action(), Set.of(KubeadmSpec.INIT, KubeadmSpec.JOIN, KubeadmSpec.RESET));
        if (kubeadm.role() != null || !KubeadmSpec.RESET.equals(kubeadm.action())) {
            // a reset may leave the role out: it undoes whatever the node was
            fields.oneOf("spec.role", kubeadm.role(), Set.of(KubeadmSpec.CONTROL_PLANE, KubeadmSpec.WORKER));
        }
        if (KubeadmSpec.INIT.equals(kubeadm.action()) && kubeadm.role() != null) {
            fields.check("spec.role", kubeadm.role(), KubeadmSpec.CONTROL_PLANE.equals(kubeadm.role()),
                    "control-plane for init (only a control plane initializes a cluster)");
        }
        fields.check("spec.attempt", String.valueOf(kubeadm.attempt()), kubeadm.attempt() >= 0, "0 or more");
        fields.timeout("spec.timeoutSeconds", kubeadm.timeoutSeconds(), MAX_STEP_TIMEOUT_SECONDS);
        for (int i = 0; i < kubeadm.ignorePreflightErrors().size(); i++) {
            fields.match("spec.ignorePreflightErrors[" + i + "]", kubeadm.ignorePreflightErrors().get(i),
                    PREFLIGHT_CHECK, "a kubeadm preflight check name (letters, digits, '_', '.', '-')");
        }
        if (KubeadmSpec.RESET.equals(kubeadm.action())) {
            return; // reset reads no config and probes nothing
        }
        fields.path("spec.configFile", kubeadm.configFile());
        fields.check("spec.kubeletHealthUrl", kubeadm.kubeletHealthUrl(), isHttpUrl(kubeadm.kubeletHealthUrl()),
                "an http URL (the kubelet's local health endpoint)");
        if (KubeadmSpec.CONTROL_PLANE.equals(kubeadm.role())) {
            fields.check("spec.apiServerUrl", kubeadm.apiServerUrl(), Patterns.isHttpsUrl(kubeadm.apiServerUrl()),
                    "an https URL (a control plane's local apiserver)");
            fields.path("spec.caFile", kubeadm.caFile());
        } else if (kubeadm.apiServerUrl() != null) {
            fields.check("spec.apiServerUrl", kubeadm.apiServerUrl(), false, "nothing on a worker");
        }
    }

    private static void checkKubeadmToken(KubeadmTokenSpec token, Fields fields) {
        fields.match("spec.name", token.name(), TOKEN_ID, "a bootstrap token id of 6 characters [a-z0-9]");
        fields.oneOf("spec.state", token.state(), Set.of(KubeadmTokenSpec.PRESENT, KubeadmTokenSpec.ABSENT));
        fields.path("spec.kubeconfig", token.kubeconfig());
        if (KubeadmTokenSpec.ABSENT.equals(token.state())) {
            return;
        }
        fields.path("spec.configFile", token.configFile());
        fields.check("spec.validUntil", token.validUntil(), isInstant(token.validUntil()),
                "an ISO-8601 instant such as 2026-12-04T03:15:00Z");
    }

    /** An http URL with a host, no user info, no spaces or control characters (as {@link Patterns#isHttpsUrl}). */
    private static boolean isHttpUrl(String value) {
        if (value == null || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            return "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isInstant(String value) {
        try {
            java.time.Instant.parse(value);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void checkFirewall(FirewallSpec firewall, Fields fields) {
        fields.check("spec.name", firewall.name(), FirewallSpec.NAME.equals(firewall.name()),
                "'" + FirewallSpec.NAME + "' (one firewall per host)");
        fields.oneOf("spec.mode", firewall.mode(), Set.of(FirewallSpec.AUTO, FirewallSpec.FIREWALLD));
        if (firewall.zone() != null) {
            fields.match("spec.zone", firewall.zone(), Patterns.FIREWALL_ZONE, "a firewalld zone name");
        }
        if (firewall.address() != null || firewall.zone() == null) {
            fields.check("spec.address", firewall.address(), IpAddress.parse(firewall.address()).isPresent(),
                    "the node's IPv4 or IPv6 address (it finds the zone)");
        }
        List<String> ports = firewall.portsOrEmpty();
        for (int i = 0; i < ports.size(); i++) {
            fields.check("spec.ports[" + i + "]", ports.get(i), Patterns.isFirewallPort(ports.get(i)),
                    "PORT/PROTOCOL or LOW-HIGH/PROTOCOL with ports 1-65535 and tcp, udp, sctp or dccp");
        }
        List<FirewallSpec.ProtocolFromSources> rules = firewall.protocolSourcesOrEmpty();
        for (int i = 0; i < rules.size(); i++) {
            String path = "spec.protocolSources[" + i + "]";
            FirewallSpec.ProtocolFromSources rule = rules.get(i);
            if (rule == null) {
                fields.check(path, null, false, "a protocol and its sources");
                continue;
            }
            fields.match(path + ".protocol", rule.protocol(), Patterns.IP_PROTOCOL, "an IP protocol name such as vrrp");
            List<String> sources = rule.sources() == null ? List.of() : rule.sources();
            fields.check(path + ".sources", String.valueOf(sources.size()), !sources.isEmpty(),
                    "at least one source address");
            for (int j = 0; j < sources.size(); j++) {
                fields.check(path + ".sources[" + j + "]", sources.get(j), IpAddress.parse(sources.get(j)).isPresent(),
                        "an IPv4 or IPv6 address");
            }
        }
    }
}
