package io.autorenew.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * The API description springdoc serves at {@code /v3/api-docs} (OpenAPI 3.1) and shows in
 * Swagger UI at {@code /swagger-ui.html}: the bearer scheme every endpoint takes, the problem
 * and OpenAI error shapes, and, per endpoint, each problem {@code code} it can answer
 * ({@link ProblemCodes}) under its status.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	/** The extension that lists an error response's problem codes. */
	static final String CODES = "x-problem-codes";

	/** Every endpoint can answer these. */
	private static final List<Failure> ALWAYS = List.of(Failure.UNAUTHORIZED, Failure.INTERNAL_ERROR);

	@Bean
	OpenAPI apiDescription() {
		return new OpenAPI()
			.info(new Info().title("analysis-service")
				.version(version())
				.description("Analyses prompts through OpenRouter with each user's own OpenRouter key, minted on "
						+ "first use and renewed transparently when OpenRouter refuses it. Send the user's JWT as "
						+ "`Authorization: Bearer`. Errors are `application/problem+json` (RFC 9457) with a stable "
						+ "`code` and the request's `requestId`; under `/v1` they come in OpenAI's error shape, and under "
						+ "`/v1/messages` in Anthropic's."))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("A user's JWT (HS256, or from the configured OpenID Connect issuer). "
									+ "In the demo, the start-up log prints one (USER_TOKEN and ADMIN_TOKEN)."))
				.addSchemas(PROBLEM, problemSchema()))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * Errors under the paths of an API that speaks another error shape are described in that
	 * shape: its media type and schema, the same codes.
	 */
	@Bean
	OpenApiCustomizer errorShapes(List<ErrorShape> shapes) {
		return (api) -> {
			shapes.forEach((shape) -> api.getComponents().addSchemas(shape.schemaName(), shape.schema()));
			if (api.getPaths() == null) {
				return;
			}
			api.getPaths().forEach((path, item) -> shapes.stream()
				.filter((shape) -> shape.serves(path))
				.findFirst()
				.ifPresent((shape) -> item.readOperations()
					.stream()
					.filter((operation) -> operation.getResponses() != null)
					.forEach((operation) -> operation.getResponses().values().forEach((response) -> {
						if (response.getExtensions() != null && response.getExtensions().containsKey(CODES)) {
							response.setContent(new Content().addMediaType(shape.contentType().toString(),
									new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + shape.schemaName()))));
						}
					}))));
		};
	}

	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			describeProblems(operation, handler);
			return operation;
		};
	}

	private static void describeProblems(Operation operation, HandlerMethod handler) {
		ProblemCodes declared = handler.getMethodAnnotation(ProblemCodes.class);
		List<Failure> failures = new ArrayList<>(ALWAYS);
		if (declared != null) {
			failures.addAll(List.of(declared.value()));
			if (declared.chatCall()) {
				failures.addAll(Failure.CHAT_CALL);
			}
		}
		Map<Integer, List<Failure>> byStatus = new TreeMap<>();
		for (Failure failure : failures) {
			List<Failure> entries = byStatus.computeIfAbsent(failure.status().value(), (status) -> new ArrayList<>());
			if (!entries.contains(failure)) {
				entries.add(failure);
			}
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		byStatus.forEach((status, entries) -> responses.addApiResponse(String.valueOf(status),
				problemResponse(status, entries)));
		operation.setResponses(responses);
	}

	private static ApiResponse problemResponse(int status, List<Failure> entries) {
		StringBuilder description = new StringBuilder(HttpStatus.valueOf(status).getReasonPhrase()).append(':');
		List<String> codes = new ArrayList<>();
		for (Failure entry : entries) {
			description.append("\n- `").append(entry.code()).append("`: ").append(entry.when());
			codes.add(entry.code());
		}
		ApiResponse response = new ApiResponse().description(description.toString())
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put(CODES, codes);
		response.setExtensions(extensions);
		return response;
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem, in this field order.")
			.addProperty("type", new StringSchema().example("/problems/key-not-found"))
			.addProperty("title", new StringSchema().example("Key not found"))
			.addProperty("status", new IntegerSchema().example(404))
			.addProperty("detail", new StringSchema().description("Never holds a key, a prompt or an upstream body."))
			.addProperty("instance", new StringSchema().example("/analysis/key"))
			.addProperty("code", codeSchema())
			.addProperty("requestId", new StringSchema().description("The request's X-Request-Id."))
			.addProperty("errors", new Schema<>().type("array")
				.description("Validation errors only: each invalid field and what is wrong with it.")
				.items(new ObjectSchema().addProperty("field", new StringSchema())
					.addProperty("message", new StringSchema())))
			.required(List.of("type", "title", "status", "code"));
	}

	private static Schema<String> codeSchema() {
		StringSchema code = new StringSchema();
		code.description("The stable problem code: each endpoint lists its codes under each status.");
		return code;
	}

	private static String version() {
		String version = ApiDocsConfiguration.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "dev";
	}

}
