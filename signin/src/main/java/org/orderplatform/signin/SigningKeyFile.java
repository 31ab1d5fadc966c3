package org.orderplatform.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RSA private key in a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey -algorithm
 * RSA} writes it) as a signing JWK. Its key id is its JWK thumbprint (RFC 7638), so the same file gives the same id
 * on every start and every instance.
 */
final class SigningKeyFile {

    private static final String PKCS8_LABEL = "PRIVATE KEY";
    /** A PEM block (RFC 7468): its label, and the base64 between the lines. */
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private SigningKeyFile() {
    }

    /**
     * The key of {@code file}, which {@code setting} names.
     *
     * @throws UnusableSigningKeyException when the file cannot be read or holds no RSA private key in PKCS#8 PEM
     */
    static RSAKey read(Path file, String setting) {
        String pem;
        try {
            // Latin-1 reads any bytes, so a binary file is reported as holding no PEM rather than as unreadable.
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new UnusableSigningKeyException(file, setting, "does not exist");
        } catch (IOException e) {
            throw new UnusableSigningKeyException(file, setting, "cannot be read: " + e);
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(pem, file, setting)));
        } catch (GeneralSecurityException e) {
            throw new UnusableSigningKeyException(file, setting, "holds a private key that is not RSA");
        }
        // The public half comes from the CRT parameters, which every RSA key of openssl and the JDK carries.
        if (!(key instanceof RSAPrivateCrtKey crtKey)) {
            throw new UnusableSigningKeyException(file, setting, "holds an RSA private key without the CRT"
                    + " parameters its public key is derived from");
        }
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crtKey.getModulus(), crtKey.getPublicExponent()));
            return jwk(publicKey, crtKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK makes RSA public keys", e);
        }
    }

    /** A key for a process that has no file: tokens it signs verify only as long as the process runs. */
    static RSAKey madeAtStart() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return jwk((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK makes RSA keys", e);
        }
    }

    private static RSAKey jwk(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        try {
            return new RSAKey.Builder(publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("every JDK has SHA-256, which the thumbprint takes", e);
        }
    }

    /** The DER of the file's first PKCS#8 block; the problem names what the file holds instead, never its content. */
    private static byte[] pkcs8(String pem, Path file, String setting) {
        Matcher block = PEM_BLOCK.matcher(pem);
        List<String> labels = new ArrayList<>();
        while (block.find()) {
            if (PKCS8_LABEL.equals(block.group(1))) {
                try {
                    return Base64.getMimeDecoder().decode(block.group(2));
                } catch (IllegalArgumentException e) {
                    throw new UnusableSigningKeyException(file, setting, "holds a " + PKCS8_LABEL
                            + " block that is not base64: " + e.getMessage());
                }
            }
            labels.add(block.group(1));
        }
        if (labels.isEmpty()) {
            throw new UnusableSigningKeyException(file, setting, "holds no PEM block (-----BEGIN " + PKCS8_LABEL
                    + "-----)");
        }
        throw new UnusableSigningKeyException(file, setting, "holds " + String.join(", ", labels) + " where an RSA"
                + " private key in PKCS#8 belongs (-----BEGIN " + PKCS8_LABEL + "-----)"
                + (labels.contains("RSA PRIVATE KEY")
                        ? "; `openssl pkcs8 -topk8 -nocrypt` rewrites a PKCS#1 RSA PRIVATE KEY as PKCS#8" : ""));
    }
}
