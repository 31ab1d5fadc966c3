package org.orderplatform.gateway;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.orderplatform.signin.SigninApplication;
import org.orderplatform.signin.TokenCommand;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real sign-in server of the suite, on an ephemeral port, and the tokens the tests need from it. */
final class SigninServer implements AutoCloseable {

    /** The issuer the sign-in server names by default, and the gateway expects by default. */
    static final String ISSUER = "http://localhost:9000";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final ConfigurableApplicationContext context;
    private final URI base;

    private SigninServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static SigninServer start() {
        return new SigninServer(new SpringApplicationBuilder(SigninApplication.class)
                .properties(SigninApplication.CONFIG_NAME)
                .run("--server.port=0"));
    }

    String jwkSetUri() {
        return base + "/oauth2/jwks";
    }

    /** A demo account's token, the way people and scripts get one. */
    String token(String user) throws Exception {
        return new TokenCommand(base).accessToken(user, user);
    }

    /** The load benchmark's token, by client credentials. */
    String serviceToken() throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString("load-bench:load-bench-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no service token: " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    /** A token signed with the sign-in server's own key, with claims the server itself would never issue. */
    String signedByTheServer(String issuer, Instant issuedAt, Instant expiresAt) {
        @SuppressWarnings("unchecked")
        JWKSource<SecurityContext> keys = (JWKSource<SecurityContext>) context.getBeanProvider(
                ResolvableType.forClassWithGenerics(JWKSource.class, SecurityContext.class)).getObject();
        return sign(keys, issuer, issuedAt, expiresAt);
    }

    /** A well-formed token naming the right issuer, signed with a key the sign-in server does not have. */
    static String signedElsewhere() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID("foreign").generate();
        Instant now = Instant.now();
        return sign(new ImmutableJWKSet<>(new JWKSet(foreign)), ISSUER, now, now.plusSeconds(600));
    }

    private static String sign(JWKSource<SecurityContext> keys, String issuer, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject("alice")
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claim("roles", List.of("customer"))
                .claim("customer_id", "alice")
                .build();
        return new NimbusJwtEncoder(keys)
                .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    @Override
    public void close() {
        context.close();
    }
}
