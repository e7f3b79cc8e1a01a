package io.kubenode.agent.host;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made fresh for one test run (ECDSA P-256), issuing server certificates for 127.0.0.1 and
 * localhost. Clients trust it through the production {@link PemTrust}, never through trust-all.
 */
public final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
    private final KeyPair key;
    private final X500Name subject;
    private final X509Certificate certificate;

    private TestCa(String name) throws Exception {
        this.key = newKey();
        this.subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, key.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.certificate = sign(builder, key);
    }

    public static TestCa create(String name) {
        try {
            return new TestCa(name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** The CA certificate as PEM, what a probe's caFile holds. */
    public byte[] certificatePem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context trusting only this CA. */
    public SSLContext clientContext() {
        try {
            return PemTrust.trusting(certificatePem(), "test CA");
        } catch (HostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server TLS context with a fresh certificate for 127.0.0.1 and localhost, signed by this CA. */
    public SSLContext serverContext() {
        return serverContext(List.of("127.0.0.1"));
    }

    /** A server TLS context with a fresh certificate for these IP addresses and localhost, signed by this CA. */
    public SSLContext serverContext(List<String> ipAddresses) {
        return serverContext(ipAddresses, List.of("localhost"));
    }

    /** A server TLS context with a fresh certificate for these IP addresses and DNS names, signed by this CA. */
    public SSLContext serverContext(List<String> ipAddresses, List<String> dnsNames) {
        try {
            KeyPair serverKey = newKey();
            X509v3CertificateBuilder builder = builder(subject, new X500Name("CN=localhost"),
                    serverKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            List<GeneralName> names = new ArrayList<>();
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate server = sign(builder, key);
            return serverContext(serverKey.getPrivate(), server, certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test server certificate", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static KeyPair newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A TLS server context presenting {@code chain} (leaf first) with {@code key}. */
    public static SSLContext serverContext(PrivateKey key, Certificate... chain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("server", key, password, chain);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
