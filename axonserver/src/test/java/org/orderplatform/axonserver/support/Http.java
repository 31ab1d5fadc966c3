package org.orderplatform.axonserver.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.orderplatform.axonserver.access.AccessControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain HTTP calls to the server's HTTP port, anonymous, with a token, or in a browser's session ({@link #signIn}).
 * The server listens on 127.0.0.1, the address the sign-in server lets the dashboard sign in at on any port.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern FORM_CSRF_FIELD = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient client;
    private final int port;
    private final Map<String, String> headers;

    public Http(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), port, Map.of());
    }

    private Http(HttpClient client, int port, Map<String, String> headers) {
        this.client = client;
        this.port = port;
        this.headers = headers;
    }

    /**
     * A browser's session: asks for the dashboard, is sent to the sign-in server's form, signs in there as
     * {@code user} (the password is the user name), and is sent back, following every redirect with the cookies a
     * browser keeps. Whether the server then lets the user in is for the calls made with the session to show.
     */
    public static Http signIn(int port, String user) {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Http session = new Http(browser, port, Map.of());
        HttpResponse<String> form = session.exchange(page(session.uri("/dashboard/")).GET());
        Matcher csrf = FORM_CSRF_FIELD.matcher(form.body());
        if (!form.uri().getPath().equals("/login") || !csrf.find()) {
            throw new IllegalStateException("no sign-in form but " + form.statusCode() + " at " + form.uri());
        }
        String fields = "username=" + encode(user) + "&password=" + encode(user) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> back = session.exchange(page(form.uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields)));
        if (back.uri().getPort() != port) {
            throw new IllegalStateException(user + " was not signed in: " + back.statusCode() + " at " + back.uri());
        }
        return session;
    }

    /** The same calls, each carrying {@code token} in the {@code AxonIQ-Access-Token} header. */
    public Http withAccessToken(String token) {
        return withHeader(AccessControl.TOKEN_HEADER, token);
    }

    /** The same calls, each carrying an access token of the sign-in server. */
    public Http withBearer(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    /** The same session, sending the token of its {@code XSRF-TOKEN} cookie back in a header, as the dashboard does. */
    public Http withCsrfHeader() {
        CookieManager cookies = (CookieManager) client.cookieHandler()
                .orElseThrow(() -> new IllegalStateException("not a browser's session"));
        String token = cookies.getCookieStore().get(uri("/")).stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no XSRF-TOKEN cookie in " + cookies.getCookieStore()));
        return withHeader("X-XSRF-TOKEN", token);
    }

    private Http withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Http(client, port, Map.copyOf(more));
    }

    public Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public Response post(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A call as a browser makes when it loads a page. */
    public Response getPage(String path) {
        return send(page(uri(path)).GET());
    }

    private static HttpRequest.Builder page(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", "text/html");
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request);
        return new Response(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(""),
                response.headers().firstValue("WWW-Authenticate").orElse(""),
                response.headers().firstValue("Retry-After").orElse(""),
                response.body());
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A response; {@link #json()} parses the body. */
    public record Response(int status, String contentType, String location, String wwwAuthenticate, String retryAfter,
                           String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
