package io.kubenode.common.pki;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * X.509 certificates, PKCS#8 private keys (PKCS#1 for RSA, as kubeadm), public keys and PKCS#10 requests as PEM text. Reading wants exactly one block of the
 * expected type; anything else is a {@link PkiException} saying what was expected and what was found.
 */
public final class Pem {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";
    /** Older openssl and Windows tools label requests so. */
    private static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";
    private static final Map<String, String> HINTS = Map.of(
            "EC PRIVATE KEY", " (a SEC1 key; convert it with 'openssl pkcs8 -topk8 -nocrypt')",
            "RSA PRIVATE KEY", " (kubenode keys are ECDSA P-256)",
            "ENCRYPTED PRIVATE KEY", " (encrypted keys are not supported; protect the file by its mode)");

    private Pem() {
    }

    public static String write(X509Certificate certificate) {
        try {
            return write(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new PkiException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), what openssl, Go and Vert.x all read. */
    public static String write(PrivateKey key) {
        return write(PRIVATE_KEY, key.getEncoded());
    }

    /**
     * An RSA key as PKCS#1 ("BEGIN RSA PRIVATE KEY"), the form kubeadm writes its RSA keys in (ca.key, sa.key).
     */
    public static String writeRsaPkcs1(PrivateKey key) {
        if (!"RSA".equals(key.getAlgorithm())) {
            throw new PkiException("expected an RSA private key, got " + key.getAlgorithm());
        }
        try {
            return write(RSA_PRIVATE_KEY, PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey()
                    .toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new PkiException("cannot encode the RSA private key as PKCS#1", e);
        }
    }

    /** A public key as SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), as kubeadm writes sa.pub. */
    public static String write(PublicKey key) {
        return write(PUBLIC_KEY, key.getEncoded());
    }

    /** A PKCS#1 RSA private key ("BEGIN RSA PRIVATE KEY"). */
    public static PrivateKey readRsaPkcs1PrivateKey(String pem) {
        byte[] der = readOne(pem, RSA_PRIVATE_KEY);
        try {
            return new JcaPEMKeyConverter().getPrivateKey(new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    RSAPrivateKey.getInstance(der)));
        } catch (IOException | RuntimeException e) {
            throw new PkiException("the RSA PRIVATE KEY block is not a valid PKCS#1 RSA private key", e);
        }
    }

    /** A SubjectPublicKeyInfo public key ("BEGIN PUBLIC KEY"). */
    public static PublicKey readPublicKey(String pem) {
        byte[] der = readOne(pem, PUBLIC_KEY);
        try {
            return new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new PkiException("the PUBLIC KEY block is not a valid public key", e);
        }
    }

    public static String write(PKCS10CertificationRequest request) {
        try {
            return write(CERTIFICATE_REQUEST, request.getEncoded());
        } catch (IOException e) {
            throw new PkiException("cannot encode certificate request", e);
        }
    }

    public static X509Certificate readCertificate(String pem) {
        byte[] der = readOne(pem, CERTIFICATE);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new PkiException("the CERTIFICATE block is not a valid X.509 certificate", e);
        }
    }

    public static PrivateKey readPrivateKey(String pem) {
        byte[] der = readOne(pem, PRIVATE_KEY);
        try {
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new PkiException("the PRIVATE KEY block is not a valid PKCS#8 private key", e);
        }
    }

    /**
     * A private key in any form kubeadm writes one: PKCS#8 ("PRIVATE KEY"), PKCS#1 RSA ("RSA PRIVATE KEY", kubeadm's
     * default) or SEC1 EC ("EC PRIVATE KEY", kubeadm with an ECDSA encryption algorithm).
     */
    public static PrivateKey readKubeadmPrivateKey(String pem) {
        List<PemObject> blocks = blocks(pem, PRIVATE_KEY);
        String type = blocks.size() == 1 ? blocks.get(0).getType() : PRIVATE_KEY;
        if (type.equals(RSA_PRIVATE_KEY)) {
            return readRsaPkcs1PrivateKey(pem);
        }
        if (!type.equals(EC_PRIVATE_KEY)) {
            return readPrivateKey(pem);
        }
        try {
            ECPrivateKey key = ECPrivateKey.getInstance(blocks.get(0).getContent());
            return new JcaPEMKeyConverter().getPrivateKey(new PrivateKeyInfo(new AlgorithmIdentifier(
                    X9ObjectIdentifiers.id_ecPublicKey, key.getParametersObject()), key));
        } catch (IOException | RuntimeException e) {
            throw new PkiException("the EC PRIVATE KEY block is not a valid SEC1 EC private key", e);
        }
    }

    public static PKCS10CertificationRequest readCsr(String pem) {
        byte[] der = readOne(pem, CERTIFICATE_REQUEST, NEW_CERTIFICATE_REQUEST);
        try {
            return new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new PkiException("the CERTIFICATE REQUEST block is not a valid PKCS#10 request", e);
        }
    }

    private static String write(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The DER content of the only PEM block, which must be of the expected type or one of its aliases. */
    private static byte[] readOne(String pem, String expected, String... aliases) {
        List<PemObject> blocks = blocks(pem, expected);
        if (blocks.size() != 1) {
            throw new PkiException("expected one PEM " + expected + " block, found " + blocks.size());
        }
        PemObject block = blocks.get(0);
        if (!block.getType().equals(expected) && !List.of(aliases).contains(block.getType())) {
            throw new PkiException("expected a PEM " + expected + " block, found " + block.getType()
                    + HINTS.getOrDefault(block.getType(), ""));
        }
        return block.getContent();
    }

    private static List<PemObject> blocks(String pem, String expected) {
        if (pem == null || pem.isBlank()) {
            throw new PkiException("expected a PEM " + expected + " block, got empty text");
        }
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            // BC reports a missing END line as IOException and bad base64 as a DecoderException (unchecked).
            throw new PkiException("expected a PEM " + expected + " block: the PEM text is malformed (unterminated "
                    + "block or corrupt base64)", e);
        }
        return blocks;
    }
}
