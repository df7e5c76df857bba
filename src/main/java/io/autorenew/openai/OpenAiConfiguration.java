package io.autorenew.openai;

import java.math.BigDecimal;
import java.util.List;

import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.ErrorBodies;
import io.autorenew.web.Problems;
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
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

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
		Schema<?> request = new ObjectSchema()
			.description("OpenAI's chat completion request, as far as the service accepts it. Any other field is "
					+ "refused with 400 `invalid_request` naming it (OpenRouter's `models`, `route`, `plugins`, "
					+ "`web_search_options`, `provider`, `preset`, `transforms` and `reasoning` among them, since "
					+ "they can spend past the allow-list and the token cap), unless the operator lets it through "
					+ "with OPENROUTER_PASSTHROUGH_FIELDS.")
			.addProperty("model", new StringSchema().description("A model the allow-list offers (GET /v1/models); "
					+ "the service's default model when left out.").example("openai/gpt-4o-mini"))
			.addProperty("messages", new ArraySchema().items(message).minItems(1))
			.addProperty("stream", new BooleanSchema().description("Stream the answer as Server-Sent Events."))
			.addProperty("stream_options", new ObjectSchema())
			.addProperty("max_tokens", new IntegerSchema().minimum(BigDecimal.ONE)
				.description("Lowered to OPENROUTER_MAX_TOKENS; that cap when neither token field is given."))
			.addProperty("max_completion_tokens", new IntegerSchema().minimum(BigDecimal.ONE)
				.description("Lowered to OPENROUTER_MAX_TOKENS."))
			.addProperty("temperature", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(2)))
			.addProperty("top_p", new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE))
			.addProperty("stop", new Schema<>().description("A string, or an array of at most 4 strings."))
			.addProperty("seed", new IntegerSchema())
			.addProperty("presence_penalty", penalty())
			.addProperty("frequency_penalty", penalty())
			.addProperty("logit_bias", new ObjectSchema())
			.addProperty("response_format", new ObjectSchema())
			.addProperty("tools", new ArraySchema().items(new ObjectSchema()))
			.addProperty("tool_choice", new Schema<>().description("A string or an object."))
			.addProperty("parallel_tool_calls", new BooleanSchema())
			.addProperty("user", new StringSchema())
			.addProperty("n", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.ONE)
				.description("Only 1: more choices are billed as more completions."))
			.required(List.of("messages"));
		request.additionalProperties(Boolean.FALSE);
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

	/** A chat request refused before anything is spent: 400 with its code (in OpenAI's shape under /v1). */
	@RestControllerAdvice(assignableTypes = OpenAiController.class)
	@Order(0)
	static class ChatRequestProblems {

		@ExceptionHandler(InvalidChatRequestException.class)
		ResponseEntity<Object> invalid(InvalidChatRequestException ex) {
			String title = "invalid_model".equals(ex.code()) ? "Invalid model" : "Invalid request";
			ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, ex.code(), title, ex.getMessage());
			if (ex.field() != null) {
				problem.setProperty(ErrorBodies.PARAM, ex.field());
			}
			return Problems.response(problem, null);
		}

		@ExceptionHandler(InvalidUpstreamAnswerException.class)
		ResponseEntity<Object> invalidAnswer(InvalidUpstreamAnswerException ex) {
			return Problems.response(Problems.problem(HttpStatus.BAD_GATEWAY, "upstream_invalid", "Upstream invalid",
					ex.getMessage()), null);
		}

	}

}
