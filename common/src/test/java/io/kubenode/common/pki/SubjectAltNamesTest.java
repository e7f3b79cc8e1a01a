package io.kubenode.common.pki;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectAltNamesTest {

    @Test
    void ipLiteralsBecomeIpAddressEntries() {
        assertThat(SubjectAltNames.toGeneralName("10.0.0.1").getTagNo()).isEqualTo(GeneralName.iPAddress);
        assertThat(SubjectAltNames.toGeneralName("fd00::1").getTagNo()).isEqualTo(GeneralName.iPAddress);
    }

    @Test
    void dns1123NamesBecomeDnsEntries() {
        assertThat(SubjectAltNames.toGeneralName("controller.internal").getTagNo()).isEqualTo(GeneralName.dNSName);
    }

    @Test
    void otherTextIsAProblemSayingWhatIsAllowed() {
        assertThat(SubjectAltNames.problem("Controller")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'Controller' is neither an IP address nor a DNS-1123 name"));
        assertThat(SubjectAltNames.problem("*.example.com")).isPresent();
        assertThat(SubjectAltNames.problem("10.0.0.300")).contains("'10.0.0.300' looks like an IP address but is not one");
        assertThat(SubjectAltNames.problem("")).isPresent();
        assertThat(SubjectAltNames.problem("localhost")).isEmpty();
    }
}
