package org.orderplatform.notification.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands emails to the SMTP server, each with a {@code Message-ID} derived from the fact it tells about. SMTP
 * connections are kept open and reused: opening one per email costs far more than sending it. Spring Boot's
 * {@link JavaMailSenderImpl} supplies the session and server settings ({@code spring.mail.*}).
 */
@Component
public class Mailer implements DisposableBean {

    /** Storage exceeded: permanent by its code, yet to be treated as temporary after RCPT TO (RFC 5321, 4.5.3.1.10). */
    private static final int MAILBOX_FULL = 552;
    /** The commands Jakarta Mail sends the message with: {@code DATA}, then {@code .} at its end. */
    private static final Set<String> MESSAGE_COMMANDS = Set.of("DATA", ".");

    private final JavaMailSenderImpl server;
    private final MailSettings settings;
    private final Queue<Transport> idleConnections = new ConcurrentLinkedQueue<>();

    Mailer(JavaMailSenderImpl server, MailSettings settings) {
        this.server = server;
        this.settings = settings;
        // Jakarta Mail looks its stream provider up for every body part it creates and encodes; without the property
        // that is a ServiceLoader scan of the class path each time, half of the CPU spent on an email.
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
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
        MimeMessage message = new FixedIdMimeMessage(server.getSession(), messageId);
        try {
            write(message, to, content);
        } catch (MessagingException e) {
            throw new UndeliverableEmailException("cannot write an email to '" + to + "': " + e.getMessage(), e);
        }
        try {
            deliver(message);
        } catch (SendFailedException e) {
            String refusal = finalRefusal(e);
            if (refusal != null) {
                throw new UndeliverableEmailException("the SMTP server refused the email to '" + to + "' for good: "
                        + refusal, e);
            }
            throw new SmtpUnavailableException("the SMTP server did not take the email: " + e.getMessage(), e);
        } catch (AddressException e) {
            throw new UndeliverableEmailException("'" + to + "' is no address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new SmtpUnavailableException("the SMTP server did not take the email: " + e.getMessage(), e);
        }
    }

    /**
     * The server's reply when it refused this email for good: a 5xx reply (SMTP's permanent failure) to RCPT TO, about
     * the recipient, other than 552, or to DATA or the end of the message, about the message. A refused sender (MAIL
     * FROM) is not this email's fault but the configuration, the same for every email: it is retried like an outage,
     * so that a mistake there does not dead-letter every email.
     *
     * @return null when the email may still be taken later: a temporary refusal, a refused sender, a lost connection
     */
    private static String finalRefusal(MessagingException failure) {
        for (Exception cause = failure; cause instanceof MessagingException chained; cause = chained.getNextException()) {
            if (cause instanceof SMTPAddressFailedException recipient && isPermanent(recipient.getReturnCode())
                    && recipient.getReturnCode() != MAILBOX_FULL) {
                return recipient.getMessage().strip();
            }
            if (cause instanceof SMTPSendFailedException refused && isPermanent(refused.getReturnCode())
                    && MESSAGE_COMMANDS.contains(refused.getCommand())) {
                return refused.getMessage().strip();
            }
        }
        return null;
    }

    private static boolean isPermanent(int replyCode) {
        return replyCode >= 500 && replyCode <= 599;
    }

    /**
     * Written with Jakarta Mail directly: Spring's {@code MimeMessageHelper} parses the MIME type table anew for every
     * message it did not create itself.
     */
    private void write(MimeMessage message, String to, EmailContent content) throws MessagingException {
        String charset = StandardCharsets.UTF_8.name();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.text(), charset);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(content.html(), charset, "html");
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        message.setFrom(new InternetAddress(settings.from(), true));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        message.setSubject(content.subject(), charset);
        message.setSentDate(new Date());
        message.setContent(alternatives);
        message.saveChanges();
    }

    /**
     * A connection the server has closed meanwhile (idle timeout, restart) fails the first attempt; the email is then
     * sent once more on a new connection. Each consumer thread uses a connection of its own, taken from the idle ones.
     */
    private void deliver(MimeMessage message) throws MessagingException {
        Transport connection = idleConnections.poll();
        boolean fresh = connection == null;
        while (true) {
            if (connection == null) {
                connection = connect();
            }
            try {
                connection.sendMessage(message, message.getAllRecipients());
                idleConnections.offer(connection);
                return;
            } catch (MessagingException e) {
                close(connection);
                connection = null;
                // A refusal is the server's answer; another connection would hear the same.
                if (fresh || e instanceof SendFailedException) {
                    throw e;
                }
                fresh = true;
            }
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = server.getSession().getTransport(server.getProtocol());
        // Jakarta Mail authenticates whenever it is given a username and password, even empty ones; an empty
        // username (MAIL_USERNAME unset) means none, as in JavaMailSenderImpl's own connections.
        boolean login = StringUtils.hasLength(server.getUsername());
        transport.connect(server.getHost(), server.getPort(), login ? server.getUsername() : null,
                login ? server.getPassword() : null);
        return transport;
    }

    private static void close(Transport connection) {
        try {
            connection.close();
        } catch (MessagingException alreadyBroken) {
            // The connection is dropped either way.
        }
    }

    @Override
    public void destroy() {
        for (Transport connection = idleConnections.poll(); connection != null; connection = idleConnections.poll()) {
            close(connection);
        }
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
