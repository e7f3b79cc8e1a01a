package io.kubenode.controller.cli.admin;

import io.kubenode.controller.api.TestController;
import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real controller API per test (init, store, mTLS on a free port) and kubenodectl run in process against it with
 * init's admin.conf, in an environment of the test's own (no EDITOR or KUBENODE_CONFIG from the machine).
 */
abstract class WithController {
    @TempDir
    Path dir;
    TestController controller;
    Path config;

    @BeforeEach
    void startTheController() throws Exception {
        controller = new TestController(Files.createDirectories(dir.resolve("controller")));
        config = controller.adminConfig(dir.resolve("admin.conf"));
    }

    @AfterEach
    void stopTheController() throws Exception {
        controller.stop();
    }

    /** kubenodectl ARGS --config admin.conf. */
    KubenodectlRunner.Run ctl(String... args) {
        return ctl(Map.of(), args);
    }

    KubenodectlRunner.Run ctl(Map<String, String> variables, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--config", config.toString()));
        return KubenodectlRunner.run(environment(variables), argv.toArray(new String[0]));
    }

    Environment environment(Map<String, String> variables) {
        return new Environment(variables, dir.resolve("home"));
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    static String example() {
        return SeedCluster.exampleText();
    }

    /** The example with node2 also getting tmux: only node2's catalog changes. */
    static String exampleWithTmuxOnNode2() {
        return example().replace("{name: node2.internal, address: 192.168.0.62, role: control-plane}",
                "{name: node2.internal, address: 192.168.0.62, role: control-plane, packages: [tmux]}");
    }

    String storedText() {
        return controller.store().currentCluster().orElseThrow().text();
    }
}
