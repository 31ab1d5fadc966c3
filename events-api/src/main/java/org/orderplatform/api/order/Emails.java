package org.orderplatform.api.order;

import org.orderplatform.api.common.Require;

import java.util.regex.Pattern;

/** A deliberately loose address check: one '@' with text on both sides and no spaces; the mail server decides the rest. */
final class Emails {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private Emails() {
    }

    static String validated(String email) {
        if (!ADDRESS.matcher(Require.nonBlank(email, "customerEmail")).matches()) {
            throw new IllegalArgumentException("customerEmail must be an email address, was '" + email + "'");
        }
        return email;
    }
}
