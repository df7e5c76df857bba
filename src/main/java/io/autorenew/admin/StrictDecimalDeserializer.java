package io.autorenew.admin;

import java.math.BigDecimal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Accepts only a JSON number, read exactly: Jackson would otherwise turn {@code "12.5"} or
 * {@code "NaN"} into an amount. Its scale is checked by the field's {@code @Digits}, so
 * {@code 1e-400} is refused for its decimals, never rounded to zero.
 */
final class StrictDecimalDeserializer extends StdScalarDeserializer<BigDecimal> {

	StrictDecimalDeserializer() {
		super(BigDecimal.class);
	}

	@Override
	public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDecimalValue();
		}
		return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
	}

}
