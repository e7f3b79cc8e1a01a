package io.kubenode.controller.cli.admin;

import io.kubenode.controller.cli.KubenodectlRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** token create, list and revoke against a real controller. */
class KubenodectlTokenTest extends WithController {

    @Test
    void createPrintsOnlyTheTokenAndListShowsItWithoutTheSecret() {
        KubenodectlRunner.Run created = ctl("token", "create", "--ttl", "2h", "--node", "node4.internal",
                "--uses", "3");
        String token = created.stdout().strip();
        String id = token.substring(0, 6);

        KubenodectlRunner.Run list = ctl("token", "list");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}\n");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).containsPattern("ID +NODE +USES-LEFT +EXPIRES +REVOKED +CREATED-BY\n")
                .containsPattern(id + " +node4\\.internal +3 +\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z +no +kubenode-admin\n")
                .doesNotContain(token.substring(7));
    }

    @Test
    void revokeMarksTheTokenAndAnUnknownIdIsTheControllersNotFound() {
        String token = ctl("token", "create").stdout().strip();

        KubenodectlRunner.Run revoked = ctl("token", "revoke", token.substring(0, 6));
        KubenodectlRunner.Run list = ctl("token", "list");
        KubenodectlRunner.Run unknown = ctl("token", "revoke", "zzzzzz");

        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        assertThat(revoked.stdout()).isEqualTo("token " + token.substring(0, 6) + " revoked\n");
        assertThat(list.stdout()).containsPattern(token.substring(0, 6) + " +<any> +1 +\\S+ +yes ");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("error: the controller answered 404 not_found: no token with that id\n");
    }

    @Test
    void badValuesAreUsageErrorsHereOrTheControllersRefusal() {
        KubenodectlRunner.Run badDuration = ctl("token", "create", "--ttl", "1 hour");
        KubenodectlRunner.Run noUses = ctl("token", "create", "--uses", "0");
        KubenodectlRunner.Run tooLong = ctl("token", "create", "--ttl", "30d");

        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.stderr()).contains("expected a duration such as 30s, 5m, 1h or 1h30m");
        assertThat(noUses.exitCode()).isEqualTo(2);
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.stderr()).contains("error: the controller answered 422 invalid: ttlSeconds: expected an integer 1..604800");
        assertThat(tooLong.stdout()).isEmpty();
        assertThat(controller.store().tokens()).isEmpty();
    }
}
