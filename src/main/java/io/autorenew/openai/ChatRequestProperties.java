package io.autorenew.openai;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the OpenAI-compatible API lets through besides the fields it accepts.
 *
 * @param passthroughFields request fields of {@code /v1/chat/completions} sent to OpenRouter as the caller
 * wrote them, besides the accepted ones, comma-separated (empty by default). Each is a cost risk the operator
 * takes on: {@code models}, {@code plugins} or {@code reasoning}, for one, let a caller spend past the
 * allow-list and the token cap (see docs/agents.md). A name that is not a field name stops start-up
 * ({@code OPENROUTER_PASSTHROUGH_FIELDS})
 */
@ConfigurationProperties("openai")
record ChatRequestProperties(@DefaultValue("") List<String> passthroughFields) {

	private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	ChatRequestProperties {
		passthroughFields = passthroughFields.stream().map(String::strip).filter((field) -> !field.isEmpty()).toList();
		for (String field : passthroughFields) {
			if (!FIELD.matcher(field).matches()) {
				throw new InvalidSettingException("OPENROUTER_PASSTHROUGH_FIELDS holds '" + field
						+ "', which is not a request field name (letters, digits and _)");
			}
		}
	}

	Set<String> passthrough() {
		return new LinkedHashSet<>(this.passthroughFields);
	}

}
