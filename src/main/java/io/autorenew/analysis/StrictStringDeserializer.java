package io.autorenew.analysis;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Accepts only a JSON string: Jackson would otherwise turn {@code 42} or {@code true} into
 * the text "42" or "true", and a client's bug would reach the model as a prompt.
 */
final class StrictStringDeserializer extends StdScalarDeserializer<String> {

	StrictStringDeserializer() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			return parser.getText();
		}
		return (String) context.handleUnexpectedToken(String.class, parser);
	}

}
