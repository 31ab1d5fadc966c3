package org.orderplatform.axonserver.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The access token an operation is sent to a service with: the operator's own, so that the service decides what
 * they may do and records who did it. A signed-in operator's is the one the sign-in server gave the dashboard,
 * refreshed when it has run out; a program's is the bearer token it sent. The server's own access token names no
 * person, so it operates nothing.
 */
@Component
class OperatorTokens {

    /** Time left under which a token is not sent: it could run out on the way. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final OAuth2AuthorizedClientManager clients;
    private final Clock clock = Clock.systemUTC();

    OperatorTokens(OAuth2AuthorizedClientManager clients) {
        this.clients = clients;
    }

    /** The token to act for the caller of the request being handled. */
    String current() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        ServletRequestAttributes exchange = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = exchange.getRequest();
        HttpServletResponse response = exchange.getResponse();
        if (caller instanceof JwtAuthenticationToken bearer) {
            return bearer.getToken().getTokenValue();
        }
        if (caller instanceof OAuth2AuthenticationToken signedIn) {
            OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                    .withClientRegistrationId(signedIn.getAuthorizedClientRegistrationId())
                    .principal(signedIn)
                    .attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), response)
                    .build());
            if (client != null && usable(client.getAccessToken())) {
                return client.getAccessToken().getTokenValue();
            }
            // Ending the session makes the dashboard's next page load sign in again, which brings a new token.
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                    "the sign-in has run out: sign in again to operate the services");
        }
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "operations act for a person: sign in to the "
                + "dashboard or send an operator's access token; the server's own access token names nobody");
    }

    private boolean usable(OAuth2AccessToken token) {
        Instant expiresAt = token.getExpiresAt();
        return expiresAt == null || expiresAt.isAfter(clock.instant().plus(MARGIN));
    }
}
