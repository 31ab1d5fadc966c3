package org.orderplatform.axonserver.support;

import org.orderplatform.signin.EmbeddedSignin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real sign-in server for every test of this JVM that uses the HTTP port, started at first use and stopped with
 * the JVM: servers started with {@link #trusted()} take its access tokens and sign its accounts in through its form.
 */
public final class SigninServer {

    public static final String OPERATOR = "olivia";
    public static final String CUSTOMER = "alice";

    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private SigninServer() {
    }

    /** The settings of a server that trusts this sign-in server. */
    public static Map<String, String> trusted() {
        return Map.of("axonserver.signin.url", SIGNIN.url());
    }

    /** A demo account's access token, one per account for the whole run: they outlast it. */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, SIGNIN::token);
    }

    public static String operatorToken() {
        return token(OPERATOR);
    }

    /** A token of a program signed in as itself (role {@code service}). */
    public static String serviceToken() {
        return SIGNIN.serviceToken();
    }
}
