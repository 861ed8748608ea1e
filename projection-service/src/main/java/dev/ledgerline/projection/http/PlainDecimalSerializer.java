package dev.ledgerline.projection.http;

import java.math.BigDecimal;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link BigDecimal} as a bare JSON number in plain notation ({@code 1000}, {@code 0.00000001}),
 * never {@code 1E+3}: Blnk clients parse {@code amount} as a number and some reject exponents.
 */
public final class PlainDecimalSerializer extends ValueSerializer<BigDecimal> {

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext context) {
        gen.writeNumber(value.toPlainString());
    }
}
