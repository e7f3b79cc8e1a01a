package io.kubenode.agent.resource.pkg;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RpmVersionsTest {

    @Test
    void comparesNumericSegmentsAsNumbers() {
        assertThat(RpmVersions.compare("1.32.10", "1.32.9")).isPositive();
        assertThat(RpmVersions.compare("1.31.0", "1.32.2")).isNegative();
        assertThat(RpmVersions.compare("1.32.2", "1.32.2")).isZero();
        assertThat(RpmVersions.compare("1.010", "1.10")).isZero();
    }

    @Test
    void aVersionWithMoreSegmentsIsNewer() {
        assertThat(RpmVersions.compare("1.32.2.1", "1.32.2")).isPositive();
    }

    @Test
    void numbersAreNewerThanLettersAndTildeSortsFirst() {
        assertThat(RpmVersions.compare("2.0", "2.a")).isPositive();
        assertThat(RpmVersions.compare("1.0~rc1", "1.0")).isNegative();
        assertThat(RpmVersions.compare("3.2a", "3.2")).isPositive();
    }
}
