package org.orderplatform.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The signing key from a PEM file: tokens verify against any instance started on the same file, under a key id that
 * is the key's own, through a rotation too; a file that cannot serve stops the start with a report naming it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeyIT {

    private static final String ISSUER = "http://localhost:9000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path keys;

    @Test
    void instancesOnOneKeyFileVerifyEachOthersTokensUnderTheKeysThumbprint() throws Exception {
        KeyPair key = generate("RSA");
        Path file = writePem("private.pem", "PRIVATE KEY", key.getPrivate().getEncoded());

        try (ConfigurableApplicationContext first = start("--signin.signing.pem-file=" + file);
             ConfigurableApplicationContext second = start("--signin.signing.pem-file=" + file)) {
            Jwt firstsToken = verifier(second).decode(accessToken(first, "alice"));
            Jwt secondsToken = verifier(first).decode(accessToken(second, "bob"));

            assertThat(firstsToken.getSubject()).isEqualTo("alice");
            assertThat(secondsToken.getSubject()).isEqualTo("bob");
            String thumbprint = thumbprint((RSAPublicKey) key.getPublic());
            assertThat(firstsToken.getHeaders()).containsEntry("kid", thumbprint);
            assertThat(secondsToken.getHeaders()).containsEntry("kid", thumbprint);
            assertThat(publishedKeyIds(first)).containsExactly(thumbprint);
            assertThat(publishedKeyIds(second)).containsExactly(thumbprint);
        }
    }

    @Test
    void afterARotationTheTokensOfThePreviousKeyStillVerifyAndNewOnesAreSignedWithTheNewKey() throws Exception {
        KeyPair previousKey = generate("RSA");
        KeyPair currentKey = generate("RSA");
        Path previous = writePem("previous.pem", "PRIVATE KEY", previousKey.getPrivate().getEncoded());
        Path current = writePem("private.pem", "PRIVATE KEY", currentKey.getPrivate().getEncoded());
        String tokenSignedBefore;
        try (ConfigurableApplicationContext before = start("--signin.signing.pem-file=" + previous)) {
            tokenSignedBefore = accessToken(before, "alice");
        }

        try (ConfigurableApplicationContext after = start("--signin.signing.pem-file=" + current,
                "--signin.signing.previous-pem-file=" + previous)) {
            NimbusJwtDecoder verifier = verifier(after);

            assertThat(verifier.decode(tokenSignedBefore).getSubject()).isEqualTo("alice");
            assertThat(verifier.decode(accessToken(after, "bob")).getHeaders())
                    .containsEntry("kid", thumbprint((RSAPublicKey) currentKey.getPublic()));
            assertThat(publishedKeyIds(after)).containsExactly(thumbprint((RSAPublicKey) currentKey.getPublic()),
                    thumbprint((RSAPublicKey) previousKey.getPublic()));
            assertThat(jwkSet(after).path("keys").findValues("d")).isEmpty();
        }
    }

    @Test
    void withoutAKeyFileAKeyIsMadeAtStartAndTheLogSaysItsTokensEndWithTheProcess(CapturedOutput output)
            throws Exception {
        try (ConfigurableApplicationContext signin = start()) {
            assertThat(verifier(signin).decode(accessToken(signin, "alice")).getSubject()).isEqualTo("alice");
            assertThat(publishedKeyIds(signin)).hasSize(1);
        }
        assertThat(output.getOut()).containsOnlyOnce("stop verifying when this process ends");
    }

    @Test
    void aMissingKeyFileStopsTheStartWithAReportNamingIt(CapturedOutput output) {
        Path missing = keys.resolve("absent.pem");

        assertStartStops("--signin.signing.pem-file=" + missing, output, "The signing key file " + missing
                + ", named by SIGNIN_SIGNING_PEM_FILE (signin.signing.pem-file), does not exist");
    }

    @Test
    void aKeyFileOfAnotherAlgorithmStopsTheStartWithAReportNamingIt(CapturedOutput output) throws Exception {
        Path ecKey = writePem("ec.pem", "PRIVATE KEY", generate("EC").getPrivate().getEncoded());

        assertStartStops("--signin.signing.pem-file=" + ecKey, output, "The signing key file " + ecKey
                + ", named by SIGNIN_SIGNING_PEM_FILE (signin.signing.pem-file), holds a private key that is not RSA");
    }

    @Test
    void aPublicKeyInPlaceOfThePreviousPrivateKeyStopsTheStartWithAReportNamingIt(CapturedOutput output)
            throws Exception {
        Path publicKey = writePem("public.pem", "PUBLIC KEY", generate("RSA").getPublic().getEncoded());

        assertStartStops("--signin.signing.previous-pem-file=" + publicKey, output, "The signing key file "
                + publicKey + ", named by SIGNIN_PREVIOUS_SIGNING_PEM_FILE (signin.signing.previous-pem-file), holds"
                + " PUBLIC KEY where an RSA private key in PKCS#8 belongs (-----BEGIN PRIVATE KEY-----)");
    }

    @Test
    void aKeyFileWithoutPemStopsTheStartWithAReportNamingIt(CapturedOutput output) throws Exception {
        Path notes = Files.writeString(keys.resolve("notes.txt"), "the key is in the safe\n");

        assertStartStops("--signin.signing.pem-file=" + notes, output, "The signing key file " + notes
                + ", named by SIGNIN_SIGNING_PEM_FILE (signin.signing.pem-file), holds no PEM block");
    }

    /** The start fails with Spring Boot's report of what is wrong with which file, and no stack trace. */
    private static void assertStartStops(String argument, CapturedOutput output, String problem) {
        assertThatThrownBy(() -> start(argument)).hasRootCauseInstanceOf(UnusableSigningKeyException.class);
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains(problem)
                .doesNotContain("\tat ");
    }

    /** Starts a sign-in server on an ephemeral port; arguments such as {@code --name=value} win over signin.yml. */
    private static ConfigurableApplicationContext start(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0"));
        all.addAll(Arrays.asList(arguments));
        return new SpringApplicationBuilder(SigninApplication.class)
                .properties(SigninApplication.CONFIG_NAME)
                .run(all.toArray(String[]::new));
    }

    private static URI base(ConfigurableApplicationContext signin) {
        return URI.create("http://localhost:" + ((WebServerApplicationContext) signin).getWebServer().getPort());
    }

    private static String accessToken(ConfigurableApplicationContext signin, String user) throws Exception {
        return new TokenCommand(base(signin)).accessToken(user, user);
    }

    /** Checks tokens as a resource server does: against the keys a server publishes, and the issuer. */
    private static NimbusJwtDecoder verifier(ConfigurableApplicationContext signin) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base(signin) + "/oauth2/jwks").build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        return decoder;
    }

    private static JsonNode jwkSet(ConfigurableApplicationContext signin) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base(signin).resolve("/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> publishedKeyIds(ConfigurableApplicationContext signin) throws Exception {
        return jwkSet(signin).path("keys").findValuesAsText("kid");
    }

    private static KeyPair generate(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if ("RSA".equals(algorithm)) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    /** A PEM file as openssl writes it: the DER (PKCS#8 for a private key) in base64 lines of 64. */
    private Path writePem(String name, String label, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(keys.resolve(name),
                "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
    }

    /** The key's JWK thumbprint (RFC 7638): SHA-256 of its required members, in this order, without white space. */
    private static String thumbprint(RSAPublicKey key) throws Exception {
        String members = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** An unsigned big-endian integer in base64url, as JWK writes it: without the sign byte Java may add. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
