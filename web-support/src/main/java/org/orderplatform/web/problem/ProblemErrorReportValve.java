package org.orderplatform.web.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's error report as {@code application/problem+json} instead of its HTML page: what the container refuses
 * before Spring sees the request (an encoded slash or NUL in the path, a bracket in the query, a malformed request
 * line) and any error no one else wrote a body for.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final int LONGEST_DETAIL = 300;
    /** Spring's builder adds the mix-in that writes a problem as RFC 9457 has it, without empty members. */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(known != null ? known : HttpStatus.BAD_REQUEST,
                detail(status, response.getMessage(), throwable));
        problem.setStatus(status);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException gone) {
            // The client left, or the response was taken over: nothing more to say.
        }
    }

    /** Why the container refused, in its own words for a client's mistake; nothing of the server's own failures. */
    static String detail(int status, String message, Throwable throwable) {
        if (status >= 500) {
            return "the server could not handle the request";
        }
        String reason = throwable != null && throwable.getMessage() != null ? throwable.getMessage() : message;
        if (reason == null || reason.isBlank()) {
            HttpStatus known = HttpStatus.resolve(status);
            return known != null ? "the request was refused: " + known.getReasonPhrase() : "the request was refused";
        }
        String printable = reason.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > LONGEST_DETAIL ? printable.substring(0, LONGEST_DETAIL) + "…" : printable;
    }
}
