package org.orderplatform.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Authenticates to MongoDB with a username and password given apart from the URI ({@code support.mongodb.*}), so
 * that they can come from a Secret as they are, unescaped and never part of a URI that is logged. Spring Boot takes
 * the credential from the URI alone once one is set; this customizer runs after Boot's and sets the credential only
 * when a username is given. The authentication database follows MongoDB's rule, with the setting first: the setting,
 * else the URI's {@code authSource}, else the URI's database, else {@code admin}.
 */
final class MongoCredentialCustomizer implements MongoClientSettingsBuilderCustomizer, Ordered {

    private static final String DEFAULT_AUTHENTICATION_DATABASE = "admin";

    private final MongoCredential credential;

    /**
     * @throws IllegalStateException when the URI carries credentials of its own, or a password comes without a
     *                               username: which one the service would use is not for it to guess
     */
    MongoCredentialCustomizer(ConnectionString uri, String username, String password, String authenticationDatabase) {
        if (!StringUtils.hasLength(username)) {
            if (StringUtils.hasLength(password)) {
                throw new IllegalStateException("support.mongodb.password is set, yet support.mongodb.username is not");
            }
            credential = null;
            return;
        }
        if (uri.getCredential() != null) {
            throw new IllegalStateException("The MongoDB URI carries credentials (user " + uri.getUsername()
                    + ") and support.mongodb.username is set too; give them in one place only");
        }
        String source = StringUtils.hasLength(authenticationDatabase) ? authenticationDatabase
                : option(uri, "authSource").or(() -> Optional.ofNullable(uri.getDatabase()))
                        .orElse(DEFAULT_AUTHENTICATION_DATABASE);
        credential = MongoCredential.createCredential(username, source,
                password == null ? new char[0] : password.toCharArray());
    }

    @Override
    public void customize(MongoClientSettings.Builder settings) {
        if (credential != null) {
            settings.credential(credential);
        }
    }

    /** After Boot's own customizer (order 0), which applies the URI, credential included. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The driver keeps {@code authSource} only inside a credential of the URI, so it is read from the URI here. */
    private static Optional<String> option(ConnectionString uri, String name) {
        String text = uri.getConnectionString();
        int query = text.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        return Arrays.stream(text.substring(query + 1).split("[&;]"))
                .map(pair -> pair.split("=", 2))
                .filter(pair -> pair.length == 2 && pair[0].equalsIgnoreCase(name) && !pair[1].isEmpty())
                .map(pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8))
                .findFirst();
    }
}
