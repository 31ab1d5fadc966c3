package org.orderplatform.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigninIT {

    private static final String ISSUER = "http://localhost:9000";
    private static final TokenCommand.Client AXON_DASHBOARD = new TokenCommand.Client("axon-dashboard",
            "axon-dashboard-secret", "http://localhost:8024/login/oauth2/code/signin");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ConfigurableApplicationContext signin;
    private static URI base;
    private static JwtDecoder tokens;

    @BeforeAll
    static void startSignin() {
        // An argument, since signin.yml's server.port would win over a default property and take port 9000.
        signin = new SpringApplicationBuilder(SigninApplication.class)
                .properties(SigninApplication.CONFIG_NAME)
                .run("--server.port=0");
        base = URI.create("http://localhost:" + ((WebServerApplicationContext) signin).getWebServer().getPort());
        // The issuer is a name, not this server's ephemeral address; keys come from the server itself.
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base + "/oauth2/jwks").build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        tokens = decoder;
    }

    @AfterAll
    static void stopSignin() {
        signin.close();
    }

    @Test
    void tokenCommandPrintsOnlyATokenThatValidates() throws Exception {
        Run run = tokenCommand("alice");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().lines().toList()).hasSize(1);
        Jwt token = tokens.decode(run.stdout().strip());
        assertThat(token.getHeaders()).containsEntry("alg", "RS256");
        assertThat(token.getSubject()).isEqualTo("alice");
        assertThat(token.getClaimAsString("customer_id")).isEqualTo("alice");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("customer");
        assertThat(token.getIssuer()).hasToString(ISSUER);
    }

    @Test
    void aRefusedPasswordPrintsNothingAndFails() throws Exception {
        Run run = tokenCommand("bob", "alice");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("user name or password refused");
    }

    @Test
    void anOperatorsTokenNamesTheRoleAndNoCustomer() throws Exception {
        Jwt token = tokens.decode(new TokenCommand(base).accessToken("olivia", "olivia"));

        assertThat(token.getSubject()).isEqualTo("olivia");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("operator");
        assertThat(token.hasClaim("customer_id")).isFalse();
    }

    @Test
    void theAxonDashboardSignsInAnOperatorWhoseIdTokenNamesTheRole() throws Exception {
        TokenCommand.Tokens issued = new TokenCommand(base, AXON_DASHBOARD).signIn("olivia", "olivia");

        Jwt idToken = tokens.decode(issued.idToken());
        assertThat(idToken.getSubject()).isEqualTo("olivia");
        assertThat(idToken.getAudience()).containsExactly("axon-dashboard");
        assertThat(idToken.getClaimAsStringList("roles")).containsExactly("operator");
        assertThat(idToken.hasClaim("customer_id")).isFalse();
        assertThat(tokens.decode(issued.accessToken()).getClaimAsStringList("roles")).containsExactly("operator");
    }

    @Test
    void theAxonDashboardNeedsItsSecret() {
        TokenCommand.Client impostor = new TokenCommand.Client(AXON_DASHBOARD.id(), "guessed",
                AXON_DASHBOARD.redirectUri());

        assertThatThrownBy(() -> new TokenCommand(base, impostor).signIn("olivia", "olivia"))
                .isInstanceOf(TokenCommand.SignInException.class)
                .hasMessageContaining("token request answered 401");
    }

    @Test
    void theAxonDashboardSignsInOnlyAtItsOwnAddress() {
        TokenCommand.Client elsewhere = new TokenCommand.Client(AXON_DASHBOARD.id(), AXON_DASHBOARD.secret(),
                "http://localhost:8024.example.com/login/oauth2/code/signin");

        assertThatThrownBy(() -> new TokenCommand(base, elsewhere).signIn("olivia", "olivia"))
                .isInstanceOf(TokenCommand.SignInException.class)
                .hasMessageContaining("the authorization answered 400");
    }

    @Test
    void aCustomersIdTokenNamesTheRoleAndTheCustomer() throws Exception {
        Jwt idToken = tokens.decode(new TokenCommand(base).signIn("bob", "bob").idToken());

        assertThat(idToken.getClaimAsStringList("roles")).containsExactly("customer");
        assertThat(idToken.getClaimAsString("customer_id")).isEqualTo("bob");
    }

    @Test
    void theLoadBenchSignsInAsAServiceWithClientCredentials() throws Exception {
        String basic = Base64.getEncoder().encodeToString("load-bench:load-bench-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        Jwt token = tokens.decode(JSON.readTree(response.body()).path("access_token").asText());
        assertThat(token.getSubject()).isEqualTo("load-bench");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("service");
        assertThat(token.hasClaim("customer_id")).isFalse();
    }

    @Test
    void healthIsOpenAndShowsNoDetails() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    @Test
    void discoveryNamesTheConfiguredIssuer() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("issuer").asText()).isEqualTo(ISSUER);
    }

    /** Runs the command as the suite script does: a JVM of its own with only this module's classes. */
    private static Run tokenCommand(String... args) throws Exception {
        Path classes = Path.of(TokenCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder command = new ProcessBuilder(java.toString(), "-cp", classes.toString(),
                TokenCommand.class.getName());
        command.command().addAll(List.of(args));
        command.environment().put("SIGNIN_URL", base.toString());
        Path stderr = Files.createTempFile("token-command", ".err");
        command.redirectError(stderr.toFile());
        Process process = command.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, Files.readString(stderr));
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }
}
