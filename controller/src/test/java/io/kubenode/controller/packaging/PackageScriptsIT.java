package io.kubenode.controller.packaging;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.kubenode.controller.packaging.BuiltPackages.deb;
import static io.kubenode.controller.packaging.BuiltPackages.debControlFile;
import static io.kubenode.controller.packaging.BuiltPackages.rpm;
import static io.kubenode.controller.packaging.BuiltPackages.rpmTag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages' scripts, taken from the built RPMs and .debs and run with /bin/sh as rpm and dpkg run them, with
 * systemd's commands faked ({@link FakeSystemctl}: no systemd as PID 1 here). They follow Fedora's systemd rules:
 * preset on first install only, stop + disable on erase, try-restart on upgrade; nothing fails an install.
 */
class PackageScriptsIT {
    private static final String AGENT = "kubenode-agent.service";

    @Test
    void agentRpmPresetsOnFirstInstallOnlyAndMakesTheClassArchiveEveryTime(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 0);
        String post = rpmTag(rpm("kubenode-agent"), "POSTIN");

        List<String> install = calls(systemd, post, "1");
        List<String> upgrade = calls(systemd, post, "2");

        assertThat(install).containsExactly("systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-agent.conf",
                "make-class-archive ", "systemctl daemon-reload", "systemctl --no-reload preset " + AGENT);
        assertThat(upgrade).containsExactly("systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-agent.conf",
                "make-class-archive ", "systemctl daemon-reload");
    }

    @Test
    void agentRpmStopsAndDisablesOnEraseAndRestartsOnUpgradeOnly(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 0);
        String preun = rpmTag(rpm("kubenode-agent"), "PREUN");
        String postun = rpmTag(rpm("kubenode-agent"), "POSTUN");

        assertThat(calls(systemd, preun, "0")).containsExactly("systemctl --no-reload disable --now " + AGENT);
        assertThat(calls(systemd, preun, "1")).isEmpty();
        assertThat(calls(systemd, postun, "1")).containsExactly("systemctl daemon-reload",
                "systemctl try-restart " + AGENT);
        assertThat(calls(systemd, postun, "0")).isEmpty();
    }

    @Test
    void withoutARunningSystemdOnlyTheUnitLinksChange(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, false, 0);

        assertThat(calls(systemd, rpmTag(rpm("kubenode-agent"), "POSTIN"), "1"))
                .doesNotContain("systemctl daemon-reload").contains("systemctl --no-reload preset " + AGENT);
        assertThat(calls(systemd, rpmTag(rpm("kubenode-agent"), "POSTUN"), "1")).isEmpty();
        Path prerm = debControlFile(deb("kubenode-agent"), "prerm", dir);
        assertThat(calls(systemd, Files.readString(prerm), "remove"))
                .containsExactly("systemctl --no-reload disable " + AGENT);
    }

    @Test
    void aFailingSystemctlNeverFailsAnInstallUpgradeOrErase(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 1);
        for (String name : List.of("kubenode-agent", "kubenode-controller")) {
            for (String tag : List.of("POSTIN", "PREUN", "POSTUN")) {
                for (String arg : List.of("0", "1", "2")) {
                    ExternalCommand.Result run = systemd.run(rpmTag(rpm(name), tag), Map.of(), arg);
                    assertThat(run.exitCode()).as(name + " " + tag + " " + arg + "\n" + run.describe()).isZero();
                }
            }
            for (String script : List.of("prerm", "postrm")) {
                ExternalCommand.Result run = systemd.run(Files.readString(debControlFile(deb(name), script, dir)),
                        Map.of("/var/lib/kubenode-agent/cds", dir.resolve("cds").toString()), "remove");
                assertThat(run.exitCode()).as(name + " " + script + "\n" + run.describe()).isZero();
            }
        }
    }

    @Test
    void controllerRpmMakesItsUserBeforeUnpackingAndFollowsTheSameRules(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 0);
        String controller = "kubenode-controller.service";

        assertThat(calls(systemd, rpmTag(rpm("kubenode-controller"), "PREIN"), "1")).containsExactly(
                "systemd-sysusers --replace=/usr/lib/sysusers.d/kubenode-controller.conf -");
        assertThat(calls(systemd, rpmTag(rpm("kubenode-controller"), "POSTIN"), "1")).containsExactly(
                "systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-controller.conf", "systemctl daemon-reload",
                "systemctl --no-reload preset " + controller);
        assertThat(calls(systemd, rpmTag(rpm("kubenode-controller"), "PREUN"), "0"))
                .containsExactly("systemctl --no-reload disable --now " + controller);
        assertThat(calls(systemd, rpmTag(rpm("kubenode-controller"), "POSTUN"), "1"))
                .containsExactly("systemctl daemon-reload", "systemctl try-restart " + controller);
        assertThat(rpmTag(rpm("kubenodectl"), "POSTIN")).isEqualTo("(none)");
    }

    @Test
    void agentDebBehavesAsTheRpmOnInstallUpgradeRemoveAndPurge(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 0);
        Path deb = deb("kubenode-agent");
        String postinst = Files.readString(debControlFile(deb, "postinst", dir));
        String prerm = Files.readString(debControlFile(deb, "prerm", dir));
        String postrm = Files.readString(debControlFile(deb, "postrm", dir));
        Path cds = Files.createDirectories(dir.resolve("state/cds"));
        Files.writeString(cds.resolve("kubenode-agent.jsa"), "archive");
        Map<String, String> paths = Map.of("/var/lib/kubenode-agent/cds", cds.toString());

        assertThat(calls(systemd, postinst, "configure", "")).containsExactly(
                "systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-agent.conf", "make-class-archive ",
                "systemctl daemon-reload", "systemctl --no-reload preset " + AGENT);
        assertThat(calls(systemd, postinst, "configure", "0.0.1-1")).containsExactly(
                "systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-agent.conf", "make-class-archive ",
                "systemctl daemon-reload", "systemctl try-restart " + AGENT);
        assertThat(calls(systemd, prerm, "upgrade", "0.0.2-1")).isEmpty();
        assertThat(calls(systemd, prerm, "remove")).containsExactly("systemctl --no-reload disable --now " + AGENT);
        assertThat(calls(systemd, postrm, paths, "remove")).containsExactly("systemctl daemon-reload");
        assertThat(cds).isDirectory();
        assertThat(calls(systemd, postrm, paths, "purge")).isEmpty();
        assertThat(cds).doesNotExist();
        assertThat(cds.getParent()).isDirectory();
        assertThat(Files.readString(debControlFile(deb, "conffiles", dir))).isEqualTo("/etc/kubenode/agent.yaml\n");
    }

    @Test
    void controllerDebMakesItsUserAndDataDirThenPresets(@TempDir Path dir) throws Exception {
        FakeSystemctl systemd = new FakeSystemctl(dir, true, 0);
        Path deb = deb("kubenode-controller");
        String postinst = Files.readString(debControlFile(deb, "postinst", dir));
        Path data = Files.createDirectories(dir.resolve("data"));

        assertThat(calls(systemd, postinst, Map.of("/var/lib/kubenode-controller", data.toString()), "configure", ""))
                .containsExactly("systemd-sysusers /usr/lib/sysusers.d/kubenode-controller.conf",
                        "systemd-tmpfiles --create /usr/lib/tmpfiles.d/kubenode-controller.conf",
                        "systemctl daemon-reload", "systemctl --no-reload preset kubenode-controller.service");
        assertThat(Files.readString(debControlFile(deb, "conffiles", dir)))
                .isEqualTo("/etc/kubenode/controller.env\n");
    }

    private static List<String> calls(FakeSystemctl systemd, String script, String... args) throws Exception {
        return calls(systemd, script, Map.of(), args);
    }

    private static List<String> calls(FakeSystemctl systemd, String script, Map<String, String> paths,
            String... args) throws Exception {
        ExternalCommand.Result run = systemd.run(script, paths, args);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return systemd.takeCalls();
    }
}
