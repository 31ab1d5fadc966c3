package org.orderplatform.axonserver.grpc;

import io.axoniq.axonserver.grpc.ErrorMessage;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The error codes AxonIQ's server sends and the stock clients act on. A gRPC failure carries its code in the
 * {@code AxonIQ-ErrorCode} trailer, which Axon Framework maps to its exception types, and its message in the
 * status description as {@code [AXONIQ-nnnn] message}.
 */
public enum ErrorCode {
    AUTHENTICATION_TOKEN_MISSING("AXONIQ-1000", Status.Code.PERMISSION_DENIED),
    AUTHENTICATION_INVALID_TOKEN("AXONIQ-1001", Status.Code.PERMISSION_DENIED),
    UNSUPPORTED_INSTRUCTION("AXONIQ-1002", Status.Code.UNIMPLEMENTED),
    INVALID_EVENT_SEQUENCE("AXONIQ-2000", Status.Code.OUT_OF_RANGE),
    PAYLOAD_TOO_LARGE("AXONIQ-2001", Status.Code.RESOURCE_EXHAUSTED),
    NO_HANDLER_FOR_COMMAND("AXONIQ-4000", Status.Code.NOT_FOUND),
    /**
     * AxonIQ's server answers a command, and a query, that no handler answered in time with this code. The stock
     * client uses it for a failing command handler too, so dispatchers see a {@code CommandExecutionException}.
     */
    COMMAND_TIMEOUT("AXONIQ-4002", Status.Code.DEADLINE_EXCEEDED),
    COMMAND_DISPATCH_ERROR("AXONIQ-4003", Status.Code.UNAVAILABLE),
    NO_HANDLER_FOR_QUERY("AXONIQ-5000", Status.Code.NOT_FOUND),
    QUERY_EXECUTION_ERROR("AXONIQ-5001", Status.Code.INTERNAL),
    QUERY_DISPATCH_ERROR("AXONIQ-5002", Status.Code.UNAVAILABLE),
    DATAFILE_READ_ERROR("AXONIQ-9000", Status.Code.INTERNAL),
    DATAFILE_WRITE_ERROR("AXONIQ-9100", Status.Code.INTERNAL),
    VALIDATION_FAILED("AXONIQ-9200", Status.Code.INVALID_ARGUMENT),
    CONTEXT_NOT_FOUND("AXONIQ-1104", Status.Code.NOT_FOUND),
    OTHER("AXONIQ-0001", Status.Code.INTERNAL);

    public static final Metadata.Key<String> TRAILER =
            Metadata.Key.of("AxonIQ-ErrorCode", Metadata.ASCII_STRING_MARSHALLER);

    private final String code;
    private final Status.Code status;

    ErrorCode(String code, Status.Code status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    /** A gRPC failure as AxonIQ's server shapes it: status, {@code [code] message}, and the code as a trailer. */
    public StatusRuntimeException exception(String message) {
        Metadata trailers = new Metadata();
        trailers.put(TRAILER, code);
        return Status.fromCode(status).withDescription("[" + code + "] " + message).asRuntimeException(trailers);
    }

    /** The same failure as a message inside a stream reply (command and query responses, instruction results). */
    public ErrorMessage message(String message, String location) {
        return ErrorMessage.newBuilder()
                .setErrorCode(code)
                .setMessage(message)
                .setLocation(location)
                .build();
    }
}
