package org.orderplatform.axonserver.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import org.orderplatform.axonserver.access.AccessControl;

import java.util.Set;

/**
 * Admits a call only for a known context and, when an access token is set, with that token, before any service sees
 * it; a refused call changes nothing.
 */
class ContextInterceptor implements ServerInterceptor {

    private final Set<String> contexts;
    private final AccessControl accessControl;

    ContextInterceptor(Set<String> contexts, AccessControl accessControl) {
        this.contexts = Set.copyOf(contexts);
        this.accessControl = accessControl;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String context = headers.get(CallContext.CONTEXT_HEADER);
        if (context == null || context.isBlank()) {
            context = CallContext.DEFAULT_CONTEXT;
        }
        StatusRuntimeException refusal = refusal(context, headers.get(CallContext.TOKEN_HEADER));
        if (refusal != null) {
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CallContext.CONTEXT, context), call, headers, next);
    }

    private StatusRuntimeException refusal(String context, String token) {
        if (!accessControl.admits(token)) {
            return token == null
                    ? ErrorCode.AUTHENTICATION_TOKEN_MISSING.exception("Access token missing")
                    : ErrorCode.AUTHENTICATION_INVALID_TOKEN.exception("Invalid access token");
        }
        if (!contexts.contains(context)) {
            return ErrorCode.CONTEXT_NOT_FOUND.exception("Unknown context: " + context);
        }
        return null;
    }
}
