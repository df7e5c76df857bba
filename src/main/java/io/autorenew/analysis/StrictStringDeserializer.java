package io.autorenew.analysis;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Accepts only a JSON string: Jackson would otherwise turn {@code 42} or {@code true} into
 * the text "42" or "true", and a client's bug would reach the model as a prompt.
 */
final class StrictStringDeserializer extends StdScalarDeserializer<String> {

	StrictStringDeserializer() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		return (String) context.handleUnexpectedToken(String.class, parser);
	}

}
