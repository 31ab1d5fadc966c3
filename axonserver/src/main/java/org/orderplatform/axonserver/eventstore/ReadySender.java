package org.orderplatform.axonserver.eventstore;

import io.grpc.stub.ServerCallStreamObserver;

import java.util.Iterator;

/** Streams a finite result as fast as the client's transport takes it, so a long aggregate never piles up in memory. */
final class ReadySender<T> {

    private final ServerCallStreamObserver<T> responseObserver;
    private final Iterator<T> items;
    private boolean done;

    ReadySender(ServerCallStreamObserver<T> responseObserver, Iterator<T> items) {
        this.responseObserver = responseObserver;
        this.items = items;
    }

    void start() {
        responseObserver.setOnReadyHandler(this::send);
        responseObserver.setOnCancelHandler(this::cancel);
        send();
    }

    private synchronized void cancel() {
        done = true;
    }

    private synchronized void send() {
        if (done) {
            return;
        }
        try {
            while (responseObserver.isReady() && items.hasNext()) {
                responseObserver.onNext(items.next());
            }
            if (!items.hasNext()) {
                done = true;
                responseObserver.onCompleted();
            }
        } catch (RuntimeException e) {
            done = true;
            responseObserver.onError(EventStoreService.status(e));
        }
    }
}
