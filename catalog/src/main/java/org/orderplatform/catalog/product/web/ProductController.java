package org.orderplatform.catalog.product.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.orderplatform.api.catalog.FindQuoteQuery;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.QuoteView;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.common.Money;
import org.orderplatform.catalog.product.Product;
import org.orderplatform.catalog.product.ProductCatalog;
import org.orderplatform.catalog.product.StockBelowReservedException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/products")
class ProductController {

    private static final String PRICE = "\\d{1,12}(\\.\\d{1,4})?";

    private final ProductCatalog catalog;

    ProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    record NewProduct(@NotBlank @Size(max = 64) String sku,
                      @NotBlank @Size(max = 200) String name,
                      // A decimal string, as prices are shown: a JSON number would pass through binary floating point.
                      @Schema(type = "string", pattern = PRICE, example = "9.90")
                      @NotNull @Pattern(regexp = PRICE, message = "must be a decimal such as 9.90") String price,
                      @NotBlank String currency,
                      @NotNull @PositiveOrZero Integer stock) {
    }

    record Created(String productId) {
    }

    record StockLevel(@NotNull @PositiveOrZero Integer onHand) {
    }

    record QuoteRequest(@NotEmpty @Size(max = 100) List<@Valid @NotNull Item> items) {
    }

    record Item(@NotBlank String productId, @NotNull @Min(1) Integer quantity) {
    }

    @PostMapping
    ResponseEntity<Created> add(@Valid @RequestBody NewProduct request) {
        Money price = new Money(new BigDecimal(request.price()), request.currency());
        Product product = catalog.add(request.sku(), request.name(), price, request.stock());
        return ResponseEntity.created(URI.create("/products/" + product.id())).body(new Created(product.id()));
    }

    @GetMapping("/{id}")
    ProductView find(@PathVariable String id) {
        return catalog.find(new ProductId(id)).map(ProductView::of).orElseThrow(() -> new NoSuchProductException(id));
    }

    @GetMapping
    List<ProductView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return catalog.list(page, size).stream().map(ProductView::of).toList();
    }

    @PutMapping("/{id}/stock")
    ProductView setStock(@PathVariable String id, @Valid @RequestBody StockLevel request) {
        return catalog.setOnHand(new ProductId(id), request.onHand()).map(ProductView::of)
                .orElseThrow(() -> new NoSuchProductException(id));
    }

    @PostMapping("/quote")
    QuoteView quote(@Valid @RequestBody QuoteRequest request) {
        List<StockLine> lines = request.items().stream()
                .map(item -> new StockLine(new ProductId(item.productId()), item.quantity()))
                .toList();
        return catalog.quote(new FindQuoteQuery(lines));
    }

    static class NoSuchProductException extends RuntimeException {

        NoSuchProductException(String id) {
            super("no product " + id);
        }
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail handle(DuplicateKeyException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "a product with this sku exists already");
    }

    @ExceptionHandler(NoSuchProductException.class)
    ProblemDetail handle(NoSuchProductException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
    }

    @ExceptionHandler(StockBelowReservedException.class)
    ProblemDetail handle(StockBelowReservedException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, ex.getMessage());
    }
}
