package org.orderplatform.signin;

import java.nio.file.Path;

/** A signing key file is set, yet cannot serve: the start stops, and {@link SigningKeyFailureAnalyzer} says why. */
final class UnusableSigningKeyException extends RuntimeException {

    private final String setting;

    UnusableSigningKeyException(Path file, String setting, String problem) {
        super("The signing key file " + file + ", named by " + setting + ", " + problem);
        this.setting = setting;
    }

    String setting() {
        return setting;
    }
}
