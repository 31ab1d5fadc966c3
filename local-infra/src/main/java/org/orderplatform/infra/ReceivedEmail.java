package org.orderplatform.infra;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An email as a person reads it: who sent it to whom, the subject and its plain-text and HTML bodies (empty when
 * the email has no such part).
 */
public record ReceivedEmail(String from, List<String> to, String subject, Optional<String> sentAt,
                            Optional<String> text, Optional<String> html) {

    static ReceivedEmail of(MimeMessage message) {
        try {
            Bodies bodies = new Bodies();
            bodies.collect(message);
            return new ReceivedEmail(
                    addresses(message.getFrom()).stream().findFirst().orElse(""),
                    addresses(message.getRecipients(Message.RecipientType.TO)),
                    Optional.ofNullable(message.getSubject()).orElse(""),
                    Optional.ofNullable(message.getSentDate()).map(date -> date.toInstant().toString()),
                    Optional.ofNullable(bodies.text),
                    Optional.ofNullable(bodies.html));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read a received email", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** The first plain-text and the first HTML part, found depth-first through nested multiparts. */
    private static final class Bodies {
        private String text;
        private String html;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("text/plain") && text == null) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html") && html == null) {
                html = (String) part.getContent();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int index = 0; index < multipart.getCount(); index++) {
                    BodyPart bodyPart = multipart.getBodyPart(index);
                    collect(bodyPart);
                }
            }
        }
    }
}
