package io.autorenew.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v3/api-docs}: valid OpenAPI 3.1, every endpoint the service maps, each with its
 * problem codes under their statuses, and Swagger UI beside it, all without a token.
 */
class ApiDocsIntegrationTests extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theDescriptionIsValidOpenApi31() {
		Response docs = this.api.get("/v3/api-docs", null);

		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().path("openapi").asString()).startsWith("3.1.");
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(docs.body(), null, options);
		assertThat(parsed.getMessages()).as("validation messages").isEmpty();
		assertThat(parsed.getOpenAPI().getSpecVersion().name()).isEqualTo("V31");
	}

	@Test
	void everyMappedEndpointIsDescribed() {
		JsonNode paths = this.api.get("/v3/api-docs", null).json().path("paths");

		Set<String> described = new TreeSet<>();
		paths.properties().forEach((path) -> path.getValue()
			.propertyNames()
			.forEach((method) -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
		assertThat(described).containsExactlyInAnyOrderElementsOf(mapped());
		assertThat(described).contains("POST /analysis", "GET /analysis/key", "POST /v1/chat/completions",
				"GET /v1/models", "POST /admin/users/{userId}/openrouter-key");
	}

	@Test
	void eachEndpointListsItsProblemCodesUnderTheirStatus() {
		JsonNode paths = this.api.get("/v3/api-docs", null).json().path("paths");

		JsonNode analyse = paths.path("/analysis").path("post").path("responses");
		assertThat(codes(analyse.path("400"))).containsExactly("invalid_request", "invalid_model");
		assertThat(codes(analyse.path("413"))).containsExactly("prompt_too_large", "request_too_large");
		assertThat(codes(analyse.path("503"))).contains("store_unavailable", "provisioning_unavailable");
		assertThat(analyse.path("503").path("content").has("application/problem+json")).isTrue();
		assertThat(analyse.path("200").path("content").has("text/event-stream")).isTrue();
		JsonNode completions = paths.path("/v1/chat/completions").path("post").path("responses");
		assertThat(codes(completions.path("400"))).containsExactly("invalid_request", "invalid_model",
				"input_too_large");
		assertThat(completions.path("400").path("content").path("application/json").path("schema").path("$ref")
			.asString()).endsWith("/OpenAiError");
		assertThat(completions.path("200").path("content").has("text/event-stream")).isTrue();
		JsonNode messages = paths.path("/v1/messages").path("post").path("responses");
		assertThat(messages.path("400").path("content").has("application/problem+json")).isFalse();
		assertThat(messages.path("400").path("content").path("application/json").path("schema").path("$ref").asString())
			.endsWith("/AnthropicError");
		assertThat(messages.path("429").path("content").path("application/json").path("schema").path("$ref").asString())
			.endsWith("/AnthropicError");
		assertThat(codes(paths.path("/admin/users/{userId}/openrouter-key").path("post").path("responses").path("403")))
			.containsExactly("forbidden");
	}

	@Test
	void swaggerUiIsServedWithTheBearerScheme() {
		Response ui = this.api.get("/swagger-ui/index.html", null);
		JsonNode docs = this.api.get("/v3/api-docs", null).json();

		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");
		assertThat(docs.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
			.isEqualTo("bearer");
		assertThat(docs.path("security").path(0).has("bearer")).isTrue();
	}

	@Test
	void theDescriptionTakesNoWrites() {
		Response write = this.api.post("/v3/api-docs", null, "application/json", "{}");

		assertThat(write.status()).isEqualTo(405);
		assertThat(write.code()).isEqualTo("method_not_allowed");
	}

	private Set<String> mapped() {
		Set<String> endpoints = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			// Tomcat's error page and the admin console's page and assets are not API.
			if (!handler.getBeanType().getPackageName().startsWith("io.autorenew")
					|| handler.getBeanType().getSimpleName().equals("ProblemErrorController")
					|| handler.getBeanType().getSimpleName().equals("AdminConsoleController")) {
				return;
			}
			for (String path : patterns(info)) {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					endpoints.add(method.name() + " " + path);
				}
			}
		});
		return endpoints;
	}

	private static Set<String> patterns(RequestMappingInfo info) {
		return info.getPathPatternsCondition().getPatternValues();
	}

	private static List<String> codes(JsonNode response) {
		List<String> codes = new ArrayList<>();
		response.path("x-problem-codes").forEach((code) -> codes.add(code.asString()));
		return codes;
	}


	/** Without API_DOCS_ENABLED=true (the demo sets it), production serves no API description or Swagger UI. */
	@Test
	void theApiDescriptionIsOffByDefault() {
		try (io.autorenew.support.Replica replica = io.autorenew.support.Replica.start("docs-off", "API_DOCS_ENABLED")) {
			assertThat(replica.api().get("/v3/api-docs", null).status()).isEqualTo(404);
			assertThat(replica.api().get("/swagger-ui.html", null).status()).isEqualTo(404);
		}
	}

}
