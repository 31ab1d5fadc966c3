package org.orderplatform.api.common;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An amount in one currency, carried as a decimal string beside its ISO 4217 code. The amount is kept at the
 * currency's own scale, so "29.9 EUR" and "29.90 EUR" are the same money, and more precision than the currency
 * has is refused rather than rounded away.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    public Money {
        Require.present(amount, "amount");
        Require.nonBlank(currency, "currency");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount.toPlainString());
        }
        int digits = currencyOf(currency).getDefaultFractionDigits();
        try {
            amount = amount.setScale(Math.max(digits, 0), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "amount " + amount.toPlainString() + " has more decimals than " + currency + " allows (" + digits + ")");
        }
    }

    public static Money of(String amount, String currency) {
        try {
            return new Money(new BigDecimal(Require.nonBlank(amount, "amount")), currency);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount must be a decimal number, was '" + amount + "'");
        }
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money times(int factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(Require.notNegative(factor, "factor"))), currency);
    }

    public boolean hasCurrency(String code) {
        return currency.equals(code);
    }

    private void requireSameCurrency(Money other) {
        if (!other.hasCurrency(currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }

    private static Currency currencyOf(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + code + "'");
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
