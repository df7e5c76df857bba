package io.autorenew.analysis;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Accepts only a JSON integer that fits an {@code int}: Jackson would otherwise turn
 * {@code "42"}, {@code 42.0} or {@code true} into a number.
 */
final class StrictIntegerDeserializer extends StdScalarDeserializer<Integer> {

	StrictIntegerDeserializer() {
		super(Integer.class);
	}

	@Override
	public Integer deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			return parser.getIntValue();
		}
		return (Integer) context.handleUnexpectedToken(Integer.class, parser);
	}

}
