package org.orderplatform.axonserver.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.orderplatform.web.security.AccessTokens;
import org.orderplatform.web.security.BearerTokenFailures;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.client.RestTemplate;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may use the HTTP port. The dashboard and the JSON API under {@code /v1} are for operators: people sign in at the
 * sign-in server (OpenID Connect, their roles from the ID token's {@code roles}); programs send one of its access
 * tokens as a bearer token (role {@code operator} or {@code service}) or, once one is set, this server's own access
 * token. Health and metrics stay open to probes and scrapers, health's details to operators only.
 *
 * <p>The sign-in server's endpoints are configured rather than discovered, and its keys are fetched at the first
 * token that needs them, so this server starts, and serves gRPC, while the sign-in server is still down.
 *
 * <p>A browser sends the session cookie with whatever request any web page makes it send, so a session's
 * state-changing call must also carry the CSRF token, which only this server's own pages can read from their cookie.
 * Bearer and access-token calls carry no cookie and need none.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    private static final String REGISTRATION_ID = "signin";
    private static final String DASHBOARD_CLIENT_ID = "axon-dashboard";
    private static final String SIGN_IN = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI
            + "/" + REGISTRATION_ID;
    private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    Refusals refusals(ObjectMapper json, SigninProperties signin, AccessControl accessControl) {
        return new Refusals(json, signin.issuer(), accessControl.required());
    }

    @Bean
    ClientRegistrationRepository dashboardRegistration(SigninProperties signin) {
        return new InMemoryClientRegistrationRepository(dashboard(signin));
    }

    /** The signed-in operator's tokens, kept in their session for the dashboard to operate the services with. */
    @Bean
    OAuth2AuthorizedClientRepository signedInClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Hands out a signed-in operator's access token, refreshed at the sign-in server once it has run out. */
    @Bean
    OAuth2AuthorizedClientManager signedInTokens(ClientRegistrationRepository registrations,
                                                 OAuth2AuthorizedClientRepository clients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken()
                .build());
        return manager;
    }

    @Bean
    SecurityFilterChain httpPort(HttpSecurity http, SigninProperties signin, AccessControl accessControl,
                                 Refusals refusals, ClientRegistrationRepository registrations,
                                 OAuth2AuthorizedClientRepository clients) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = paths.matcher("/v1/**");
        RequestMatcher pages = new OrRequestMatcher(paths.matcher("/"), paths.matcher("/dashboard/**"));
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, PrometheusScrapeEndpoint.class))
                        .permitAll()
                        .requestMatchers(api).hasAnyRole(AccessTokens.OPERATOR, AccessTokens.SERVICE)
                        .anyRequest().hasRole(AccessTokens.OPERATOR))
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(clients)
                        .userInfoEndpoint(user -> user.userAuthoritiesMapper(WebSecurityConfiguration::idTokenRoles)))
                .oauth2ResourceServer(tokens -> tokens
                        .jwt(jwt -> jwt.decoder(accessTokens(signin)).jwtAuthenticationConverter(AccessTokens.roles()))
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals)
                        // Keys out of reach are an outage: a 503 rather than the default 500.
                        .withObjectPostProcessor(BearerTokenFailures.answeredBy(refusals)))
                .addFilterBefore(new AccessTokenFilter(accessControl, refusals), BearerTokenAuthenticationFilter.class)
                .csrf(csrf -> csrf
                        // Not HTTP-only: the dashboard's scripts read the token to send it back as a header.
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        // The token as the cookie holds it, which no response body ever shows, so it needs no masking.
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(AccessTokenFilter.presentingTheToken(accessControl)))
                .addFilterAfter(csrfCookieOn(pages), CsrfFilter.class)
                // Signing out here ends the dashboard's session; the sign-in server's own page then ends the
                // operator's session there, so that the next visit asks for the password again.
                .logout(logout -> logout.logoutSuccessUrl(signin.url() + "/logout"))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(signInForPages(pages, refusals))
                        .accessDeniedHandler(refusals))
                .requestCache(cache -> cache.requestCache(returningTo(pages)));
        return http.build();
    }

    /** The dashboard as a client of the sign-in server, with its endpoints named rather than discovered. */
    private static ClientRegistration dashboard(SigninProperties signin) {
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("the sign-in server")
                .clientId(DASHBOARD_CLIENT_ID)
                .clientSecret(signin.dashboardClientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID)
                .issuerUri(signin.issuer())
                .authorizationUri(signin.url() + "/oauth2/authorize")
                .tokenUri(signin.url() + "/oauth2/token")
                .jwkSetUri(signin.jwkSetUri())
                .userInfoUri(signin.url() + "/userinfo")
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .build();
    }

    /** Access tokens of the sign-in server: its signature, its issuer, not expired. */
    private static JwtDecoder accessTokens(SigninProperties signin) {
        SimpleClientHttpRequestFactory keyFetch = new SimpleClientHttpRequestFactory();
        keyFetch.setConnectTimeout(KEY_FETCH_TIMEOUT);
        keyFetch.setReadTimeout(KEY_FETCH_TIMEOUT);
        return AccessTokens.decoder(signin.issuer(), signin.jwkSetUri(), new RestTemplate(keyFetch));
    }

    /** A signed-in person's roles, from the ID token, in place of the scopes Spring derives. */
    private static Collection<GrantedAuthority> idTokenRoles(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .filter(OidcUserAuthority.class::isInstance)
                .flatMap(user -> AccessTokens.authorities(((OidcUserAuthority) user).getIdToken()).stream())
                .toList();
    }

    /** A browser on a dashboard page goes to sign in; anything else is answered 401. */
    private static DelegatingAuthenticationEntryPoint signInForPages(RequestMatcher pages, Refusals refusals) {
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(
                new LinkedHashMap<>(Map.of(pages, new LoginUrlAuthenticationEntryPoint(SIGN_IN))));
        entryPoint.setDefaultEntryPoint(refusals);
        return entryPoint;
    }

    /** After signing in, back to the page asked for; API calls are never remembered, so they create no session. */
    private static HttpSessionRequestCache returningTo(RequestMatcher pages) {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(pages, request -> HttpMethod.GET.matches(request.getMethod())));
        return cache;
    }

    /**
     * CSRF tokens are made only when something reads them; reading it on the dashboard's pages sets the cookie that
     * the page's scripts send back.
     */
    private static Filter csrfCookieOn(RequestMatcher pages) {
        return (request, response, chain) -> {
            if (pages.matches((HttpServletRequest) request)) {
                ((CsrfToken) request.getAttribute(CsrfToken.class.getName())).getToken();
            }
            chain.doFilter(request, response);
        };
    }
}
