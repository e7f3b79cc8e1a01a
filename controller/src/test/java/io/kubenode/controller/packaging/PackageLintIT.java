package io.kubenode.controller.packaging;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.kubenode.controller.packaging.BuiltPackages.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/** rpmlint and lintian find nothing to say beyond the checked-in filters and overrides, each of which has a reason. */
class PackageLintIT {
    private static final Path PACKAGING = REPOSITORY.resolve("deploy/packaging");

    @Test
    void rpmlintIsCleanWithTheCheckedInFilters() throws Exception {
        List<String> argv = new ArrayList<>(List.of("rpmlint", "-r",
                PACKAGING.resolve("rpm/kubenode.rpmlintrc").toString()));
        BuiltPackages.all(BuiltPackages::rpm).forEach(rpm -> argv.add(rpm.toString()));

        ExternalCommand.Result lint = BuiltPackages.run(argv.toArray(String[]::new));

        assertThat(lint.exitCode()).as(lint.describe()).isZero();
        assertThat(lint.stdout()).as(lint.describe())
                .contains("3 packages and 0 specfiles checked; 0 errors, 0 warnings");
    }

    @Test
    void lintianIsCleanDownToPedanticAndInformationalTags() throws Exception {
        for (Path deb : BuiltPackages.all(BuiltPackages::deb)) {
            ExternalCommand.Result lint = BuiltPackages.run(Duration.ofMinutes(3), "lintian", "--pedantic",
                    "--display-info", "--fail-on", "error,warning,info,pedantic", deb.toString());

            assertThat(lint.exitCode()).as(lint.describe()).isZero();
            assertThat(lint.stdout()).as(lint.describe()).doesNotContainPattern("(?m)^[EWIPX]: ");
        }
    }

    @Test
    void everyRpmlintFilterHasItsReasonOnTheLineAbove() throws Exception {
        List<String> lines = Files.readAllLines(PACKAGING.resolve("rpm/kubenode.rpmlintrc"));

        assertThat(lines).anyMatch(line -> line.startsWith("addFilter("));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("addFilter(")) {
                assertThat(lines.get(i - 1)).as("reason above " + lines.get(i)).matches("# .{20,}|addFilter\\(.*");
            }
        }
    }

    @Test
    void everyLintianOverrideHasItsReasonOnTheLineAbove() throws Exception {
        for (String name : BuiltPackages.NAMES) {
            List<String> lines = Files.readAllLines(PACKAGING.resolve("debian").resolve(name)
                    .resolve("lintian-overrides"));

            assertThat(lines).as(name).anyMatch(line -> line.startsWith(name + ": "));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(name + ": ")) {
                    assertThat(lines.get(i - 1)).as("reason above " + lines.get(i)).matches("# .{20,}");
                }
            }
        }
    }
}
