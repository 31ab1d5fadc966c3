package org.orderplatform.notification;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP hop on a free port in front of a real SMTP server (GreenMail, which accepts every recipient): it answers
 * chosen commands itself, as a refusing server would, and passes everything else, and the server's replies, through.
 */
final class RefusingSmtpRelay implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Pattern ENVELOPE = Pattern.compile("(MAIL FROM|RCPT TO):\\s*<([^>]*)>.*", Pattern.CASE_INSENSITIVE);

    enum Command {
        MAIL_FROM,
        RCPT_TO,
        /** {@code DATA} of a transaction with the address among its recipients. */
        DATA
    }

    /** Of the commands concerning {@code address}, lets the first {@code passed} through and answers the next {@code times}. */
    record Refusal(Command command, String address, String reply, int passed, int times, AtomicInteger seen) {

        private boolean applies() {
            int match = seen.getAndIncrement();
            return match >= passed && match - passed < times;
        }

        boolean allGiven() {
            return seen.get() >= passed + times;
        }
    }

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-relay");
        thread.setDaemon(true);
        return thread;
    });

    private RefusingSmtpRelay(ServerSocket listener, int serverPort) {
        this.listener = listener;
        this.serverPort = serverPort;
    }

    static RefusingSmtpRelay start(int serverPort) {
        try {
            var relay = new RefusingSmtpRelay(new ServerSocket(0, 50, InetAddress.getByName(HOST)), serverPort);
            relay.threads.execute(relay::accept);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HOST, e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    Refusal refuse(Command command, String address, String reply, int times) {
        return refuse(command, address, reply, 0, times);
    }

    Refusal refuse(Command command, String address, String reply, int passed, int times) {
        var refusal = new Refusal(command, address, reply, passed, times, new AtomicInteger());
        refusals.add(refusal);
        return refusal;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** SMTP is lock-step: the client waits for each reply, so the relay's own replies never interleave with the server's. */
    private void relay(Socket client) {
        try (client; Socket server = new Socket(HOST, serverPort)) {
            open.add(client);
            OutputStream toClient = client.getOutputStream();
            threads.execute(() -> pass(server, client));
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toServer = server.getOutputStream();
            Set<String> recipients = new HashSet<>();
            boolean inMessage = false;
            for (byte[] line = readLine(fromClient); line != null; line = readLine(fromClient)) {
                String text = new String(line, StandardCharsets.US_ASCII);
                if (inMessage) {
                    if (text.equals(".\r\n")) {
                        inMessage = false;
                        recipients.clear();
                    }
                } else {
                    String reply = replyTo(text.strip(), recipients);
                    if (reply != null) {
                        byte[] answer = (reply + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        write(toClient, answer, answer.length);
                        continue;
                    }
                    inMessage = text.strip().equalsIgnoreCase("DATA");
                }
                toServer.write(line);
                toServer.flush();
            }
        } catch (IOException disconnected) {
            // Either side hung up: so does the relay, as a server would.
        } finally {
            open.remove(client);
        }
    }

    /** The relay's own reply, or null to let the server answer; keeps track of the transaction's recipients. */
    private String replyTo(String command, Set<String> recipients) {
        Matcher envelope = ENVELOPE.matcher(command);
        Command kind;
        Set<String> concerned;
        if (envelope.matches()) {
            kind = envelope.group(1).toUpperCase(Locale.ROOT).startsWith("MAIL") ? Command.MAIL_FROM : Command.RCPT_TO;
            concerned = Set.of(envelope.group(2));
        } else if (command.equalsIgnoreCase("DATA")) {
            kind = Command.DATA;
            concerned = recipients;
        } else {
            if (command.equalsIgnoreCase("RSET")) {
                recipients.clear();
            }
            return null;
        }
        for (Refusal refusal : refusals) {
            if (refusal.command() == kind && concerned.contains(refusal.address()) && refusal.applies()) {
                return refusal.reply();
            }
        }
        if (kind == Command.MAIL_FROM) {
            recipients.clear();
        } else if (kind == Command.RCPT_TO) {
            recipients.addAll(concerned);
        }
        return null;
    }

    private void pass(Socket server, Socket client) {
        try (client) {
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = fromServer.read(buffer); read >= 0; read = fromServer.read(buffer)) {
                write(toClient, buffer, read);
            }
        } catch (IOException disconnected) {
            // The relaying thread sees the closed client and closes the server side.
        }
    }

    private static void write(OutputStream out, byte[] bytes, int length) throws IOException {
        synchronized (out) {
            out.write(bytes, 0, length);
            out.flush();
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int next = in.read(); next >= 0; next = in.read()) {
            line.write(next);
            if (next == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException alreadyClosed) {
            // Nothing is accepted either way.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException alreadyClosed) {
                // Closed either way.
            }
        }
        threads.shutdownNow();
    }
}
