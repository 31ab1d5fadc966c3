package org.orderplatform.signin;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sign-in server in the caller's JVM on an ephemeral port, for tests: its tokens name the default issuer
 * ({@value #ISSUER}), which the services trust by default, and its keys are at {@link #jwkSetUri()}. It lets the Axon
 * dashboard sign people in on any port of {@value #AXON_DASHBOARD_HOST}, where an embedded Axon server listens.
 */
public final class EmbeddedSignin implements AutoCloseable {

    public static final String ISSUER = "http://localhost:9000";

    /** A loopback IP address, so the redirect to the dashboard may name any port (RFC 8252, section 7.3). */
    private static final String AXON_DASHBOARD_HOST = "http://127.0.0.1";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final ConfigurableApplicationContext context;
    private final URI base;

    private EmbeddedSignin(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public static EmbeddedSignin start() {
        return new EmbeddedSignin(new SpringApplicationBuilder(SigninApplication.class)
                .properties(SigninApplication.CONFIG_NAME)
                .run("--server.port=0", "--AXONSERVER_URL=" + AXON_DASHBOARD_HOST));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Where the server listens, such as {@code http://localhost:40123}: what browsers and clients reach. */
    public String url() {
        return base.toString();
    }

    /** Where a resource server of these tokens finds the keys: {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}. */
    public String jwkSetUri() {
        return base + "/oauth2/jwks";
    }

    /** A demo account's access token, the way people and scripts get one. */
    public String token(String user) {
        try {
            return new TokenCommand(base).accessToken(user, user);
        } catch (IOException e) {
            throw new IllegalStateException("no token for " + user + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in " + user, e);
        }
    }

    /** The load benchmark's access token (role {@code service}), by client credentials. */
    public String serviceToken() {
        String basic = Base64.getEncoder()
                .encodeToString("load-bench:load-bench-secret".getBytes(StandardCharsets.UTF_8));
        try {
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
        } catch (IOException e) {
            throw new IllegalStateException("no service token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for a service token", e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
