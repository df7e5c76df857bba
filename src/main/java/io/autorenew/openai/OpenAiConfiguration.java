package io.autorenew.openai;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.autorenew.gateway.Policies;
import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterProperties;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the OpenAI-compatible API's model list, its refusals and its API description. */
@Configuration(proxyBeanMethods = false)
class OpenAiConfiguration {

	static final String CHAT_REQUEST = "ChatCompletionRequest";

	static final String CHAT_COMPLETION = "ChatCompletion";

	static final String MODEL_LIST = "ModelList";

	/** The schemas of OpenAI's chat and model shapes, as far as the service reads or answers them. */
	@Bean
	OpenApiCustomizer openAiSchemas() {
		return (api) -> api.getComponents()
			.addSchemas(CHAT_REQUEST, chatRequest())
			.addSchemas(CHAT_COMPLETION, chatCompletion())
			.addSchemas(MODEL_LIST, modelList());
	}

	private static Schema<?> chatRequest() {
		Schema<?> message = new ObjectSchema().addProperty("role", new StringSchema()._enum(List.of("system", "user",
				"assistant", "tool", "developer")))
			.addProperty("content", new Schema<>().description("A string, or an array of content parts."))
			.required(List.of("role"));
		Map<String, Schema> detailed = Map.<String, Schema>ofEntries(
				Map.entry("model", new StringSchema().example("openai/gpt-4o-mini")),
				Map.entry("messages", new ArraySchema().items(message).minItems(1)),
				Map.entry("stream", new BooleanSchema()), Map.entry("stream_options", new ObjectSchema()),
				Map.entry("max_tokens", new IntegerSchema().minimum(BigDecimal.ONE)),
				Map.entry("max_completion_tokens", new IntegerSchema().minimum(BigDecimal.ONE)),
				Map.entry("temperature", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(2))),
				Map.entry("top_p", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE)),
				Map.entry("seed", new IntegerSchema()), Map.entry("presence_penalty", penalty()),
				Map.entry("frequency_penalty", penalty()), Map.entry("logit_bias", new ObjectSchema()),
				Map.entry("response_format", new ObjectSchema()),
				Map.entry("tools", new ArraySchema().items(new ObjectSchema())),
				Map.entry("parallel_tool_calls", new BooleanSchema()), Map.entry("user", new StringSchema()),
				Map.entry("n", new IntegerSchema().minimum(BigDecimal.ONE)));
		Schema<?> request = new ObjectSchema()
			.description("OpenAI's chat completion request, as the chat request policy (docs/agents.md) takes it: the "
					+ "fields below are sent on, some bounded; any other field is accepted and dropped (named in "
					+ "`X-Dropped`), unless the operator lets it through with OPENROUTER_PASSTHROUGH_FIELDS.");
		Policies.CHAT.sentFields().forEach((field, row) -> {
			Schema<?> schema = detailed.getOrDefault(field, new Schema<>());
			request.addProperty(field, schema.description(row.treatment().label() + ": " + row.why()));
		});
		request.required(List.of("messages"));
		request.additionalProperties(Boolean.TRUE);
		return request;
	}

	private static Schema<?> penalty() {
		return new NumberSchema().minimum(BigDecimal.valueOf(-2)).maximum(BigDecimal.valueOf(2));
	}

	private static Schema<?> chatCompletion() {
		Schema<?> completion = new ObjectSchema().description("OpenRouter's answer, passed through as it is.")
			.addProperty("id", new StringSchema())
			.addProperty("object", new StringSchema().example("chat.completion"))
			.addProperty("created", new IntegerSchema())
			.addProperty("model", new StringSchema())
			.addProperty("choices", new ArraySchema().items(new ObjectSchema()))
			.addProperty("usage", new ObjectSchema());
		completion.additionalProperties(Boolean.TRUE);
		return completion;
	}

	private static Schema<?> modelList() {
		Schema<?> model = new ObjectSchema().addProperty("id", new StringSchema().example("openai/gpt-4o-mini"))
			.addProperty("object", new StringSchema().example("model"))
			.addProperty("created", new IntegerSchema())
			.addProperty("owned_by", new StringSchema().example("openai"));
		return new ObjectSchema().addProperty("object", new StringSchema().example("list"))
			.addProperty("data", new ArraySchema().items(model));
	}

	@Bean
	OpenAiErrorShape openAiErrorShape() {
		return new OpenAiErrorShape();
	}

	@Bean
	ModelList modelList(OpenRouterClient openRouter, OpenRouterProperties properties, ObjectMapper json) {
		return new ModelList(openRouter, properties, json);
	}

}
