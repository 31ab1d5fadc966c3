package org.orderplatform.order.web;

import jakarta.validation.Valid;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.QuoteView;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.order.CancelOrderCommand;
import org.orderplatform.api.order.CancellationReason;
import org.orderplatform.api.order.CustomerId;
import org.orderplatform.api.order.OrderId;
import org.orderplatform.api.order.OrderLine;
import org.orderplatform.api.order.OrderStatus;
import org.orderplatform.api.order.PlaceOrderCommand;
import org.orderplatform.order.catalog.CatalogClient;
import org.orderplatform.order.idempotency.IdempotencyKeys;
import org.orderplatform.support.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final OrderCommands commands;
    private final CatalogClient catalog;
    private final IdempotencyKeys idempotencyKeys;

    OrderController(OrderCommands commands, CatalogClient catalog,
                    IdempotencyKeys idempotencyKeys) {
        this.commands = commands;
        this.catalog = catalog;
        this.idempotencyKeys = idempotencyKeys;
    }

    record OrderAnswer(String orderId, OrderStatus status) {
    }

    @PostMapping("/orders")
    ResponseEntity<OrderAnswer> place(@Valid @RequestBody PlaceOrderRequest request,
                                      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Caller.current().requireActingFor(request.customerId(), "an order for customer " + request.customerId());
        IdempotencyKeys.Claim claim = idempotencyKey == null
                ? new IdempotencyKeys.Claim(OrderId.generate(), false)
                : idempotencyKeys.claim(idempotencyKey, RequestFingerprint.of(request));
        if (!claim.placed()) {
            commands.sendAndWait(placeOrder(claim.orderId(), request));
            if (idempotencyKey != null) {
                idempotencyKeys.placed(idempotencyKey);
            }
            log.info("Placed order {} for customer {}", claim.orderId().value(), request.customerId());
        }
        return ResponseEntity.created(URI.create("/orders/" + claim.orderId()))
                .body(new OrderAnswer(claim.orderId().value(), OrderStatus.PENDING));
    }

    @PostMapping("/orders/{orderId}/cancel")
    ResponseEntity<OrderAnswer> cancel(@PathVariable String orderId) {
        Caller caller = Caller.current();
        // A customer may cancel their own orders only, which the order itself decides; others cancel any.
        CustomerId asking = caller.customerOnly() ? new CustomerId(caller.customerId()) : null;
        OrderStatus status = commands.sendAndWait(
                new CancelOrderCommand(new OrderId(orderId), CancellationReason.CUSTOMER_REQUEST, asking));
        return ResponseEntity.accepted().body(new OrderAnswer(orderId, status));
    }

    private PlaceOrderCommand placeOrder(OrderId orderId, PlaceOrderRequest request) {
        List<StockLine> wanted = request.items().stream()
                .map(item -> new StockLine(new ProductId(item.productId()), item.quantity()))
                .toList();
        QuoteView quote = catalog.quote(wanted);
        if (!quote.unknown().isEmpty()) {
            throw new OrderNotAcceptedException("unknown product(s): " + String.join(", ",
                    quote.unknown().stream().map(ProductId::value).toList()));
        }
        List<String> shortages = quote.lines().stream().filter(QuoteView.Line::clearlyInsufficient)
                .map(line -> line.productId() + " (requested " + line.quantity() + ", in stock " + line.onHand() + ")")
                .toList();
        if (!shortages.isEmpty()) {
            throw new OrderNotAcceptedException("insufficient stock: " + String.join(", ", shortages));
        }
        List<OrderLine> lines = quote.lines().stream()
                .map(line -> new OrderLine(line.productId(), line.quantity(), line.unitPrice()))
                .toList();
        return new PlaceOrderCommand(orderId, new CustomerId(request.customerId()), request.customerEmail(), lines,
                request.paymentToken());
    }
}
