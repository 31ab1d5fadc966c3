package org.orderplatform.notification.email;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/** Hands emails to the SMTP server, each with a {@code Message-ID} derived from the fact it tells about. */
@Component
public class Mailer {

    private final JavaMailSenderImpl sender;
    private final MailSettings settings;

    Mailer(JavaMailSenderImpl sender, MailSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    /** The same fact always gets the same id, so that a resend after a crash is recognisable as the same email. */
    public String messageIdFor(String eventId) {
        return "<" + eventId + "@" + settings.messageIdDomain() + ">";
    }

    /**
     * @throws SmtpUnavailableException    when the server could not be reached or did not accept the email now
     * @throws UndeliverableEmailException when the email can never be delivered as it is
     */
    public void send(String messageId, String to, EmailContent content) {
        MimeMessage message = new FixedIdMimeMessage(sender.getSession(), messageId);
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom(settings.from());
            helper.setTo(to);
            helper.setSubject(content.subject());
            helper.setText(content.text(), content.html());
        } catch (MessagingException e) {
            throw new UndeliverableEmailException("cannot address an email to '" + to + "': " + e.getMessage(), e);
        }
        try {
            sender.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new UndeliverableEmailException("cannot prepare the email to '" + to + "': " + e.getMessage(), e);
        } catch (MailException e) {
            if (refusedRecipient(e)) {
                throw new UndeliverableEmailException("the SMTP server refused '" + to + "': " + e.getMessage(), e);
            }
            throw new SmtpUnavailableException("the SMTP server did not take the email: " + e.getMessage(), e);
        }
    }

    /** Spring keeps the failure of each message beside the exception, not as its cause. */
    private static boolean refusedRecipient(MailException failure) {
        if (failure instanceof MailSendException send) {
            for (Exception messageFailure : send.getMessageExceptions()) {
                if (refusedRecipientIn(messageFailure)) {
                    return true;
                }
            }
        }
        return refusedRecipientIn(failure);
    }

    private static boolean refusedRecipientIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                    && refused.getInvalidAddresses().length > 0) {
                return true;
            }
        }
        return false;
    }

    /** Jakarta Mail replaces the {@code Message-ID} whenever the message is saved; this one keeps the given id. */
    private static final class FixedIdMimeMessage extends MimeMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
