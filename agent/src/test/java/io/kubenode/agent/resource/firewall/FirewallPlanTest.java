package io.kubenode.agent.resource.firewall;

import io.kubenode.common.catalog.FirewallSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure diff: what each configuration lacks, what the agent may close, what it owns afterwards. */
class FirewallPlanTest {
    private static final String RULE = "rule family=\"ipv4\" source address=\"192.0.2.62\" protocol value=\"vrrp\" "
            + "accept";

    static Stream<Arguments> missingSomewhere() {
        return Stream.of(
                Arguments.of("missing in runtime only", List.of(), List.of("6443/tcp"),
                        List.of("+ firewall:system open 6443/tcp in zone public (runtime)")),
                Arguments.of("missing in permanent only", List.of("6443/tcp"), List.of(),
                        List.of("+ firewall:system open 6443/tcp in zone public (permanent)")),
                Arguments.of("missing in both", List.of(), List.of(),
                        List.of("+ firewall:system open 6443/tcp in zone public (runtime and permanent)")),
                Arguments.of("present in both", List.of("6443/tcp"), List.of("6443/tcp"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingSomewhere")
    void aPortIsOpenedWhereverItIsMissing(String name, List<String> runtime, List<String> permanent,
                                          List<String> changes) {
        FirewallPlan plan = FirewallPlan.of(spec(List.of("6443/tcp"), List.of()),
                running(runtime, permanent, List.of(), OpenedRecord.EMPTY));

        assertThat(plan.changes("firewall:system").stream().map(change -> change.render()).toList())
                .isEqualTo(changes);
        assertThat(plan.isEmpty()).isEqualTo(changes.isEmpty());
    }

    @Test
    void aRangeIsOneItemComparedAsFirewalldPrintsIt() {
        FirewallPlan plan = FirewallPlan.of(spec(List.of("30000-32767/tcp"), List.of()),
                running(List.of("30000-32767/tcp"), List.of(), List.of(), OpenedRecord.EMPTY));

        assertThat(plan.runtime().add()).isEmpty();
        assertThat(plan.permanent().add()).containsExactly(FirewallItem.port("30000-32767/tcp"));
        assertThat(plan.permanent().add().iterator().next().addOption()).isEqualTo("--add-port=30000-32767/tcp");
    }

    @Test
    void aProtocolFromSourcesIsOneRichRulePerSourceWithTheFamilyOfTheAddress() {
        FirewallSpec spec = spec(List.of(), List.of(new FirewallSpec.ProtocolFromSources("vrrp",
                List.of("192.0.2.62", "2001:db8::63"))));

        assertThat(FirewallPlan.wanted(spec)).containsExactly(FirewallItem.richRule(RULE), FirewallItem.richRule(
                "rule family=\"ipv6\" source address=\"2001:db8::63\" protocol value=\"vrrp\" accept"));
        FirewallPlan plan = FirewallPlan.of(spec, running(List.of(), List.of(), List.of(RULE), OpenedRecord.EMPTY));
        assertThat(plan.runtime().add()).hasSize(1).allMatch(item -> item.value().contains("ipv6"));
        assertThat(plan.runtime().add().iterator().next().addOption())
                .isEqualTo("--add-rich-rule=rule family=\"ipv6\" source address=\"2001:db8::63\" protocol "
                        + "value=\"vrrp\" accept");
    }

    @Test
    void whatTheAgentOpenedAndTheCatalogDroppedIsClosedWhatAPersonOpenedStays() {
        OpenedRecord opened = OpenedRecord.EMPTY.with("public",
                Set.of(FirewallItem.port("6443/tcp"), FirewallItem.port("2379/tcp"), FirewallItem.richRule(RULE)),
                Set.of(FirewallItem.port("6443/tcp"), FirewallItem.port("2379/tcp")));
        List<String> present = List.of("6443/tcp", "2379/tcp", "9100/tcp");

        FirewallPlan plan = FirewallPlan.of(spec(List.of("6443/tcp"), List.of()),
                running(present, present, List.of(RULE), opened));

        assertThat(plan.runtime().remove()).containsExactly(FirewallItem.port("2379/tcp"), FirewallItem.richRule(RULE));
        assertThat(plan.permanent().remove()).containsExactly(FirewallItem.port("2379/tcp"));
        assertThat(plan.changes("firewall:system").stream().map(change -> change.render()).toList()).containsExactly(
                "- firewall:system close 2379/tcp in zone public (runtime and permanent): opened by the agent, no "
                        + "longer in the catalog",
                "- firewall:system close rich rule '" + RULE + "' in zone public (runtime): opened by the agent, no "
                        + "longer in the catalog");
        assertThat(plan.recordAfter().runtime("public")).containsExactly(FirewallItem.port("6443/tcp"));
        assertThat(plan.recordAfter().permanent("public")).containsExactly(FirewallItem.port("6443/tcp"));
    }

    @Test
    void aPortAPersonOpenedThatTheCatalogAlsoListsIsNotRecordedSoNeverClosedLater() {
        FirewallPlan listed = FirewallPlan.of(spec(List.of("9100/tcp"), List.of()),
                running(List.of("9100/tcp"), List.of("9100/tcp"), List.of(), OpenedRecord.EMPTY));
        FirewallPlan dropped = FirewallPlan.of(spec(List.of(), List.of()),
                running(List.of("9100/tcp"), List.of("9100/tcp"), List.of(), listed.recordAfter()));

        assertThat(listed.isEmpty()).isTrue();
        assertThat(dropped.isEmpty()).isTrue();
    }

    @Test
    void whatIsOpenedIsRecordedPerConfigurationAndOtherZonesAreKept() {
        OpenedRecord otherZone = OpenedRecord.EMPTY.with("internal", Set.of(FirewallItem.port("1/tcp")), Set.of());

        FirewallPlan plan = FirewallPlan.of(spec(List.of("6443/tcp"), List.of()),
                running(List.of(), List.of("6443/tcp"), List.of(), otherZone));

        assertThat(plan.recordAfter().runtime("public")).containsExactly(FirewallItem.port("6443/tcp"));
        assertThat(plan.recordAfter().permanent("public")).as("was there already: a person's").isEmpty();
        assertThat(plan.recordAfter().runtime("internal")).containsExactly(FirewallItem.port("1/tcp"));
    }

    @Test
    void aDroppedItemSomeoneAlreadyClosedIsForgottenSoALaterManualOpeningStays() {
        OpenedRecord opened = OpenedRecord.EMPTY.with("public", Set.of(FirewallItem.port("2379/tcp")),
                Set.of(FirewallItem.port("2379/tcp")));

        FirewallPlan plan = FirewallPlan.of(spec(List.of(), List.of()),
                running(List.of(), List.of(), List.of(), opened));

        assertThat(plan.runtime().isEmpty()).isTrue();
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.changes("firewall:system")).hasSize(1);
        assertThat(plan.recordAfter()).isEqualTo(OpenedRecord.EMPTY);
    }

    @Test
    void whenTheZoneChangesWhatTheAgentOpenedInTheFormerZoneIsClosedThereAndForgotten() {
        OpenedRecord opened = OpenedRecord.EMPTY.with("internal", Set.of(FirewallItem.port("6443/tcp")),
                Set.of(FirewallItem.port("6443/tcp")));
        FirewallActual.Zone internal = new FirewallActual.Zone("internal",
                Set.of(FirewallItem.port("6443/tcp"), FirewallItem.port("22/tcp")),
                Set.of(FirewallItem.port("6443/tcp")));
        FirewallActual.Running actual = new FirewallActual.Running(null, "public",
                new ZoneSettings("public", "default", List.of(), List.of(), List.of(), List.of()),
                new ZoneSettings("public", "default", List.of(), List.of(), List.of(), List.of()), opened,
                List.of(internal));

        FirewallPlan plan = FirewallPlan.of(spec(List.of("6443/tcp"), List.of()), actual);

        assertThat(plan.changes("firewall:system").stream().map(change -> change.render()).toList()).containsExactly(
                "+ firewall:system open 6443/tcp in zone public (runtime and permanent)",
                "- firewall:system close 6443/tcp in zone internal (runtime and permanent): opened by the agent, "
                        + "which now works in zone public");
        assertThat(plan.former().get(0).runtime().remove()).as("22/tcp is a person's")
                .containsExactly(FirewallItem.port("6443/tcp"));
        assertThat(plan.recordAfter().zones()).containsOnlyKeys("public");
    }

    static FirewallSpec spec(List<String> ports, List<FirewallSpec.ProtocolFromSources> rules) {
        return new FirewallSpec("system", "auto", null, "192.0.2.61", ports, rules);
    }

    private static FirewallActual.Running running(List<String> runtimePorts, List<String> permanentPorts,
                                                  List<String> runtimeRules, OpenedRecord opened) {
        return new FirewallActual.Running(null, "public",
                new ZoneSettings("public", "default", List.of("ssh"), runtimePorts, List.of(), runtimeRules),
                new ZoneSettings("public", "default", List.of("ssh"), permanentPorts, List.of(), List.of()), opened,
                List.of());
    }
}
