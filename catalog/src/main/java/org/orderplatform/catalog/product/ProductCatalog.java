package org.orderplatform.catalog.product;

import org.orderplatform.api.catalog.FindQuoteQuery;
import org.orderplatform.api.catalog.ProductId;
import org.orderplatform.api.catalog.QuoteView;
import org.orderplatform.api.catalog.StockLine;
import org.orderplatform.api.common.Money;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Products, their prices and stock levels in the catalog's own MongoDB. */
@Service
public class ProductCatalog {

    private static final int MAX_STOCK_UPDATE_ATTEMPTS = 16;

    private final MongoTemplate mongo;

    public ProductCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Adds a product; a SKU that is taken already fails with the store's duplicate-key error. */
    public Product add(String sku, String name, Money price, int onHand) {
        var product = new Product(ProductId.generate().value(), sku, name, price.amount().toPlainString(),
                price.currency(), onHand, 0, onHand, List.of(), 0);
        return mongo.insert(product);
    }

    public Optional<Product> find(ProductId id) {
        return Optional.ofNullable(mongo.findById(id.value(), Product.class));
    }

    public List<Product> list(int page, int size) {
        return mongo.find(new Query().with(Sort.by("sku")).skip((long) page * size).limit(size), Product.class);
    }

    /**
     * Sets how many are on hand; what is reserved stays reserved, so a new level below it is refused.
     *
     * @return the product as changed, or empty if there is no such product
     */
    public Optional<Product> setOnHand(ProductId id, int onHand) {
        for (int attempt = 0; attempt < MAX_STOCK_UPDATE_ATTEMPTS; attempt++) {
            Product current = mongo.findById(id.value(), Product.class);
            if (current == null) {
                return Optional.empty();
            }
            if (onHand < current.reserved()) {
                throw new StockBelowReservedException(id, onHand, current.reserved());
            }
            Product changed = mongo.findAndModify(
                    Query.query(Criteria.where("_id").is(id.value()).and("version").is(current.version())),
                    new Update().set("onHand", onHand).set("available", onHand - current.reserved()).inc("version", 1),
                    FindAndModifyOptions.options().returnNew(true), Product.class);
            if (changed != null) {
                return Optional.of(changed);
            }
        }
        throw new IllegalStateException("stock of " + id + " is changing too fast to set; try again");
    }

    public QuoteView quote(FindQuoteQuery query) {
        List<String> ids = query.lines().stream().map(line -> line.productId().value()).toList();
        Map<String, Product> products = mongo.find(Query.query(Criteria.where("_id").in(ids)), Product.class).stream()
                .collect(Collectors.toMap(Product::id, product -> product));
        List<QuoteView.Line> lines = new ArrayList<>();
        List<ProductId> unknown = new ArrayList<>();
        for (StockLine line : query.lines()) {
            Optional.ofNullable(products.get(line.productId().value())).ifPresentOrElse(
                    product -> lines.add(new QuoteView.Line(line.productId(), line.quantity(),
                            Money.of(product.price(), product.currency()), product.available(), product.onHand())),
                    () -> unknown.add(line.productId()));
        }
        return new QuoteView(lines, unknown);
    }
}
