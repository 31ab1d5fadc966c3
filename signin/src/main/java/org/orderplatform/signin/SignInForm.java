package org.orderplatform.signin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a sign-in page as a browser sees it: where it posts, and the hidden fields it posts along with the
 * user name and password (a CSRF token, a session code). Read from the HTML of the page, so that the same steps sign
 * in at this project's sign-in server and at Keycloak.
 *
 * @param action       the form's {@code action}, relative to the page or absolute
 * @param hiddenFields the names and values of its hidden inputs
 */
record SignInForm(String action, Map<String, String> hiddenFields) {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");

    /** The first form of {@code html} that asks for a password, if any. */
    static Optional<SignInForm> in(String html) {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> hidden = new LinkedHashMap<>();
            boolean asksForPassword = false;
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> attributes = attributes(input.group(1));
                String type = attributes.getOrDefault("type", "text").toLowerCase();
                asksForPassword |= type.equals("password");
                if (type.equals("hidden") && attributes.containsKey("name")) {
                    hidden.put(attributes.get("name"), attributes.getOrDefault("value", ""));
                }
            }
            String action = attributes(form.group(1)).get("action");
            if (asksForPassword && action != null) {
                return Optional.of(new SignInForm(action, hidden));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            attributes.put(attribute.group(1).toLowerCase(), unescape(attribute.group(2)));
        }
        return attributes;
    }

    /** The entities a server writes into attribute values; {@code &amp;} last, so that it is not decoded twice. */
    private static String unescape(String value) {
        return value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
