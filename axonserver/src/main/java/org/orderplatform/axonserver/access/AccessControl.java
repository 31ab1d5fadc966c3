package org.orderplatform.axonserver.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one access token every gRPC client must present once it is set, and which stands for an operator on the HTTP
 * port; without it gRPC is open, which {@link AccessControlConfiguration} allows on loopback only.
 */
public final class AccessControl {

    /** Where a client presents the token: a gRPC metadata entry or an HTTP header, named as in AxonIQ's server. */
    public static final String TOKEN_HEADER = "AxonIQ-Access-Token";

    private final byte[] tokenDigest;

    AccessControl(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    /** Whether a token is set, so that calls without it are refused. */
    public boolean required() {
        return tokenDigest != null;
    }

    /**
     * Whether a call presenting {@code token} (null when it presents none) may proceed. The tokens are compared by
     * their SHA-256 digests, whose length is the same whatever the tokens' lengths, so {@link MessageDigest#isEqual}
     * takes the same time wherever they differ: timing refusals reveals neither a prefix of the token nor its length.
     */
    public boolean admits(String token) {
        return tokenDigest == null || token != null && MessageDigest.isEqual(tokenDigest, sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
