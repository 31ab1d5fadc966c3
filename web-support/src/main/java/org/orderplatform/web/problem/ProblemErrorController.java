package org.orderplatform.web.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.orderplatform.web.ProblemWriter;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * Spring Boot's error page, the target of every {@code sendError} and of exceptions no handler took, answered as
 * {@code application/problem+json} whatever the client accepts, in place of Boot's JSON or HTML.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final ProblemWriter problems;

    public ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            // Failed midway through an answer, a stream of events say: what was sent stands.
            return;
        }
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? code : HttpStatus.INTERNAL_SERVER_ERROR.value();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status),
                ProblemErrorReportValve.detail(status, (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE),
                        (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)));
        response.resetBuffer();
        problems.write(response, problem);
    }
}
