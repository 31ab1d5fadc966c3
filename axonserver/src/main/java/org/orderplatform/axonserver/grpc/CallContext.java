package org.orderplatform.axonserver.grpc;

import io.grpc.Context;
import io.grpc.Metadata;
import org.orderplatform.axonserver.access.AccessControl;

/** The Axon context a gRPC call addresses, taken from its {@code AxonIQ-Context} header by {@link ContextInterceptor}. */
public final class CallContext {

    public static final String DEFAULT_CONTEXT = "default";
    static final Metadata.Key<String> CONTEXT_HEADER = Metadata.Key.of("AxonIQ-Context", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TOKEN_HEADER = Metadata.Key.of(AccessControl.TOKEN_HEADER,
            Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> CONTEXT = Context.key("axoniq-context");

    private CallContext() {
    }

    /** The context of the call being served; only valid on the thread gRPC runs the call's handlers on. */
    public static String current() {
        String context = CONTEXT.get();
        return context == null ? DEFAULT_CONTEXT : context;
    }
}
