package io.kubenode.common.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectNameTest {

    @Test
    void roundTripsThroughX500NameWithTheOrganisationFirst() {
        SubjectName name = new SubjectName("node1", SubjectName.NODES);

        assertThat(name.toX500Name().toString()).isEqualTo("O=kubenode:nodes,CN=node1");
        assertThat(SubjectName.of(name.toX500Name())).contains(name);
    }

    @Test
    void acceptsEitherOrder() {
        assertThat(SubjectName.of(new X500Name("CN=node1,O=kubenode:nodes")))
                .contains(new SubjectName("node1", SubjectName.NODES));
    }

    @Test
    void anythingButExactlyOneCnAndOneOIsNotASubjectName() {
        assertThat(SubjectName.of(new X500Name("CN=node1"))).isEmpty();
        assertThat(SubjectName.of(new X500Name("CN=a,CN=b,O=g"))).isEmpty();
        assertThat(SubjectName.of(new X500Name("CN=a,O=g,L=x"))).isEmpty();
        assertThat(SubjectName.of(new X500Name("CN=a+O=g"))).isEmpty();
    }

    @Test
    void needsBothParts() {
        assertThatThrownBy(() -> new SubjectName("", "g")).isInstanceOf(IllegalArgumentException.class);
    }
}
