package io.kubenode.agent.resource.selinux;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.SelinuxSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SELinux mode now ({@code setenforce}) and at boot (/etc/selinux/config). Choices:
 * <ul>
 *   <li>The running kernel can switch only between enforcing and permissive. For {@code disabled} the config is
 *   set and the runtime set to permissive; permissive then counts as in sync (disabled follows at the next reboot;
 *   the change says so). This is not a failure: nothing more can be done without a reboot.</li>
 *   <li>A runtime without SELinux (disabled at boot) satisfies permissive and disabled. For enforcing, once the
 *   config says enforcing, the resource is "not ready" (waiting for a reboot), not failed.</li>
 *   <li>A real host with no SELinux at all (no /sys/fs/selinux, no /etc/selinux/config) is in sync for permissive
 *   and disabled: it enforces nothing, which is what they ask. Enforcing on it fails: there is nothing to enable.</li>
 *   <li>A sandbox root stands for a host with SELinux: a missing /sys/fs/selinux/enforce is an unknown mode.</li>
 * </ul>
 */
public final class SelinuxHandler implements ResourceHandler<SelinuxSpec, SelinuxActual> {
    static final String ENFORCE = "/sys/fs/selinux/enforce";
    static final String ENFORCING = "enforcing";
    static final String PERMISSIVE = "permissive";
    static final String DISABLED = "disabled";
    private static final Set<String> MODES = Set.of(ENFORCING, PERMISSIVE, DISABLED);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Class<SelinuxSpec> specType() {
        return SelinuxSpec.class;
    }

    @Override
    public SelinuxActual observe(SelinuxSpec spec, Host host) throws HostException, NotReadyException {
        String mode = modeOf(spec);
        Optional<String> config = readText(SelinuxConfig.PATH, host);
        Optional<String> enforce = readText(ENFORCE, host).map(String::strip);
        boolean present = host.sandbox() || config.isPresent() || host.stat("/sys/fs/selinux").isPresent();
        String runtime;
        if (enforce.isPresent()) {
            runtime = enforce.get().equals("1") ? ENFORCING : PERMISSIVE;
        } else {
            runtime = host.sandbox() ? null : DISABLED;
        }
        SelinuxActual actual = new SelinuxActual(present, runtime,
                config.isPresent(), config.map(SelinuxConfig::modes).orElse(List.of()));
        if (!present && mode.equals(ENFORCING)) {
            throw new HostException("SELinux enforcing requested, but this host has no SELinux (no /sys/fs/selinux,"
                    + " no " + SelinuxConfig.PATH + ")");
        }
        if (DISABLED.equals(runtime) && mode.equals(ENFORCING) && !configDiffers(mode, actual)) {
            throw new NotReadyException("SELinux is disabled in the running kernel; enforcing takes effect at the"
                    + " next reboot (" + SelinuxConfig.PATH + " already says enforcing)");
        }
        return actual;
    }

    @Override
    public List<Change> diff(SelinuxSpec spec, SelinuxActual actual) {
        String mode = spec.mode().toLowerCase(Locale.ROOT);
        List<Change> changes = new ArrayList<>();
        if (!actual.present()) {
            return changes;
        }
        if (runtimeNeedsChange(mode, actual.runtime())) {
            String target = mode.equals(ENFORCING) ? ENFORCING : PERMISSIVE;
            changes.add(Change.update(spec.id(), "runtime " + (actual.runtime() == null ? "(unknown)"
                    : actual.runtime()) + " -> " + target + (mode.equals(DISABLED) ? " (disabled needs a reboot)"
                    : "")));
        }
        if (configDiffers(mode, actual)) {
            String note = mode.equals(DISABLED) || DISABLED.equals(actual.runtime()) ? " (runtime " + mode
                    + " after the next reboot)" : "";
            changes.add(actual.configExists() && !actual.configModes().isEmpty()
                    ? Change.update(spec.id(), SelinuxConfig.PATH + " SELINUX=" + String.join(",",
                    actual.configModes()) + " -> " + mode + note)
                    : Change.create(spec.id(), SelinuxConfig.PATH + " SELINUX=" + mode + note));
        }
        return changes;
    }

    @Override
    public void apply(SelinuxSpec spec, SelinuxActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        String mode = spec.mode().toLowerCase(Locale.ROOT);
        if (runtimeNeedsChange(mode, actual.runtime())) {
            host.runChecked(List.of("setenforce", mode.equals(ENFORCING) ? "1" : "0"), TIMEOUT);
        }
        if (configDiffers(mode, actual)) {
            Optional<String> config = readText(SelinuxConfig.PATH, host);
            String updated = config.map(text -> SelinuxConfig.withMode(text, mode))
                    .orElseGet(() -> SelinuxConfig.fresh(mode));
            host.writeAtomically(SelinuxConfig.PATH, updated.getBytes(StandardCharsets.UTF_8),
                    new FileAttributes(null, null, null));
        }
    }

    @Override
    public List<String> writes(SelinuxSpec spec) {
        return List.of(SelinuxConfig.PATH);
    }

    /** Unknown always changes; disabled cannot change without a reboot; permissive also serves disabled. */
    private static boolean runtimeNeedsChange(String mode, String runtime) {
        if (runtime == null) {
            return true;
        }
        if (runtime.equals(DISABLED)) {
            return false;
        }
        return mode.equals(ENFORCING) ? !runtime.equals(ENFORCING) : runtime.equals(ENFORCING);
    }

    private static boolean configDiffers(String mode, SelinuxActual actual) {
        return actual.present() && (actual.configModes().isEmpty()
                || actual.configModes().stream().anyMatch(configured -> !configured.equals(mode)));
    }

    private static String modeOf(SelinuxSpec spec) throws HostException {
        String mode = spec.mode() == null ? "" : spec.mode().toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new HostException("SELinux mode must be enforcing, permissive or disabled, got '" + spec.mode()
                    + "'");
        }
        return mode;
    }

    private static Optional<String> readText(String path, Host host) throws HostException {
        return host.read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
