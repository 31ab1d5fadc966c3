package org.orderplatform.signin;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code TokenCommand USER [PASSWORD]} prints an access token for that account on standard output and nothing else;
 * the password defaults to the user name, as for the demo accounts, and the sign-in server is {@code SIGNIN_URL}
 * ({@code http://localhost:9000}).
 *
 * <p>It signs in the way a browser does, with the authorization code grant and PKCE (RFC 7636) of the public client
 * {@code order-platform-cli} ({@link #CLI}): it asks for a code, is sent to the sign-in form, posts the password to
 * it, and takes the code from the redirect to {@code http://127.0.0.1/callback} instead of following it, so nothing
 * has to listen there. It needs the JDK only, so it runs from the module's plain jar without starting Spring.
 */
public final class TokenCommand {

    /** The client of people and scripts: public, so PKCE stands in for a secret. */
    public static final Client CLI = new Client("order-platform-cli", null, "http://127.0.0.1/callback");

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern AUTHORIZATION_ENDPOINT =
            Pattern.compile("\"authorization_endpoint\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN_ENDPOINT = Pattern.compile("\"token_endpoint\"\\s*:\\s*\"([^\"]+)\"");
    // A JWT is base64url and dots, so it never holds a quote or an escape.
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID_TOKEN = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI signin;
    private final Client client;
    private final HttpClient http;

    public TokenCommand(URI signin) {
        this(signin, CLI);
    }

    /** Signs in through another client of the sign-in server, such as a web application with its secret. */
    public TokenCommand(URI signin, Client client) {
        this.signin = signin;
        this.client = client;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new LoopbackSecureCookies())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .build();
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TokenCommand USER [PASSWORD]   (sign-in server: SIGNIN_URL, default "
                    + "http://localhost:9000)");
            System.exit(2);
        }
        URI signin = URI.create(Optional.ofNullable(System.getenv("SIGNIN_URL")).orElse("http://localhost:9000"));
        try {
            System.out.println(new TokenCommand(signin).accessToken(args[0], args.length > 1 ? args[1] : args[0]));
        } catch (IOException | SignInException e) {
            System.err.println("no token for " + args[0] + " from " + signin + ": " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    /** Signs in as {@code user} and returns the access token. */
    public String accessToken(String user, String password) throws IOException, InterruptedException {
        return signIn(user, password).accessToken();
    }

    /** Signs in as {@code user} and returns the tokens the sign-in server issued to the client. */
    public Tokens signIn(String user, String password) throws IOException, InterruptedException {
        String verifier = random(32);
        String state = random(16);
        Map<String, String> authorization = new LinkedHashMap<>();
        authorization.put("response_type", "code");
        authorization.put("client_id", client.id());
        authorization.put("redirect_uri", client.redirectUri());
        authorization.put("scope", "openid");
        authorization.put("state", state);
        authorization.put("code_challenge", challenge(verifier));
        authorization.put("code_challenge_method", "S256");

        Endpoints endpoints = discover();
        // Some servers redirect to their sign-in form, others (Keycloak) show it at once.
        HttpResponse<String> page = following(get(URI.create(endpoints.authorization() + "?" + form(authorization))));
        URI loginPage = page.uri();
        if (page.statusCode() != 200) {
            throw new SignInException("the authorization answered " + page.statusCode() + " at " + loginPage);
        }
        Optional<SignInForm> signInForm = SignInForm.in(page.body());
        if (signInForm.isEmpty()) {
            throw new SignInException("no sign-in form at " + loginPage);
        }
        Map<String, String> fields = new LinkedHashMap<>(signInForm.get().hiddenFields());
        fields.put("username", user);
        fields.put("password", password);
        URI callback = callbackAfter(post(loginPage.resolve(signInForm.get().action()), fields), loginPage);
        Map<String, String> answer = query(callback);
        if (!state.equals(answer.get("state")) || !answer.containsKey("code")) {
            throw new SignInException("no authorization code: " + callback);
        }

        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", answer.get("code"));
        exchange.put("redirect_uri", client.redirectUri());
        exchange.put("code_verifier", verifier);
        HttpRequest.Builder tokenRequest;
        if (client.secret() == null) {
            exchange.put("client_id", client.id());
            tokenRequest = formPost(endpoints.token(), exchange);
        } else {
            tokenRequest = formPost(endpoints.token(), exchange)
                    .header("Authorization", client.basicAuthorization());
        }
        HttpResponse<String> token = send(tokenRequest);
        Matcher accessToken = ACCESS_TOKEN.matcher(token.body());
        Matcher idToken = ID_TOKEN.matcher(token.body());
        if (token.statusCode() != 200 || !accessToken.find() || !idToken.find()) {
            throw new SignInException("token request answered " + token.statusCode() + ": " + token.body());
        }
        return new Tokens(accessToken.group(1), idToken.group(1));
    }

    /**
     * The server's endpoints from its OpenID Connect discovery document, so any OIDC server will do; taken at the
     * address that answered, since a server reached by another name than its issuer's (a test's port, a container
     * name) names its endpoints after the issuer.
     */
    private Endpoints discover() throws IOException, InterruptedException {
        String issuer = signin.toString().replaceAll("/+$", "");
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        HttpResponse<String> document = send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET());
        Matcher authorization = AUTHORIZATION_ENDPOINT.matcher(document.body());
        Matcher token = TOKEN_ENDPOINT.matcher(document.body());
        if (document.statusCode() != 200 || !authorization.find() || !token.find()) {
            throw new SignInException("no OpenID Connect discovery document at " + discovery + " (status "
                    + document.statusCode() + ")");
        }
        return new Endpoints(atAddressOf(discovery, authorization.group(1)), atAddressOf(discovery, token.group(1)));
    }

    private static URI atAddressOf(URI server, String endpoint) {
        URI named = URI.create(endpoint);
        return server.resolve(named.getRawPath() + (named.getRawQuery() == null ? "" : "?" + named.getRawQuery()));
    }

    private HttpResponse<String> following(HttpResponse<String> first) throws IOException, InterruptedException {
        HttpResponse<String> response = first;
        for (int redirects = 0; response.statusCode() / 100 == 3; redirects++) {
            if (redirects == MAX_REDIRECTS) {
                throw new SignInException("more than " + MAX_REDIRECTS + " redirects from " + first.uri());
            }
            response = get(redirect(response, "the authorization"));
        }
        return response;
    }

    /**
     * Follows the redirects after the password was posted to the one back to the client. A server that refuses the
     * password shows its form again, at once or after a redirect to it.
     */
    private URI callbackAfter(HttpResponse<String> signInAnswer, URI loginPage)
            throws IOException, InterruptedException {
        HttpResponse<String> response = signInAnswer;
        for (int redirects = 0; redirects < MAX_REDIRECTS; redirects++) {
            if (response.statusCode() == 200) {
                throw new SignInException("user name or password refused");
            }
            URI next = redirect(response, "the sign-in");
            if (next.getPath().equals(loginPage.getPath())) {
                throw new SignInException("user name or password refused");
            }
            if (next.toString().startsWith(client.redirectUri())) {
                return next;
            }
            response = get(next);
        }
        throw new SignInException("more than " + MAX_REDIRECTS + " redirects after the sign-in");
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        // The authorization endpoint sends only browsers (HTML) to the sign-in form.
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, Map<String, String> fields) throws IOException, InterruptedException {
        return send(formPost(uri, fields));
    }

    private static HttpRequest.Builder formPost(URI uri, Map<String, String> fields) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI redirect(HttpResponse<String> response, String step) {
        Optional<String> location = response.headers().firstValue("Location");
        if (response.statusCode() / 100 != 3 || location.isEmpty()) {
            throw new SignInException(step + " answered " + response.statusCode() + " without a redirect");
        }
        return response.uri().resolve(location.get());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return parameters;
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /**
     * A client of the sign-in server with the authorization code grant.
     *
     * @param secret the client secret of a confidential client, sent as HTTP Basic authentication; null for a public
     *               client, which names itself in the token request
     */
    public record Client(String id, String secret, String redirectUri) {

        String basicAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Endpoints(URI authorization, URI token) {
    }

    /**
     * Sends {@code Secure} cookies to a loopback address over plain HTTP too, as browsers do (a loopback address is a
     * secure context): a local Keycloak marks its session cookies {@code Secure}, and the JDK's cookie manager would
     * otherwise keep them back.
     */
    private static final class LoopbackSecureCookies extends CookieManager {

        private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            if (!"http".equals(uri.getScheme()) || !LOOPBACK.contains(uri.getHost())) {
                return super.get(uri, requestHeaders);
            }
            try {
                return super.get(new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(),
                        uri.getQuery(), uri.getFragment()), requestHeaders);
            } catch (URISyntaxException e) {
                throw new IOException("cannot read cookies for " + uri, e);
            }
        }
    }

    /** What the token endpoint issued: the access token, and the ID token that says who signed in. */
    public record Tokens(String accessToken, String idToken) {
    }

    /** The sign-in server refused or answered unexpectedly; the message says at which step. */
    public static final class SignInException extends RuntimeException {

        SignInException(String message) {
            super(message);
        }
    }
}
