package bench.lean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's lean reference (issue 38): Spring MVC on Tomcat with virtual threads, Spring
 * Security's JWT resource server (HS256), Actuator with Prometheus ({@code http.server.requests}),
 * the JDK HttpClient and Jackson both ways, doing the JSON work of the service's
 * {@code POST /analysis}: read the prompt, send a chat completion upstream, read the answer and
 * write the result. Nothing else: no store, no keys, no policy. Settings: {@code LEAN_PORT},
 * {@code LEAN_UPSTREAM} (OpenRouter's base URL, e.g. the bench's stub), {@code AUTH_JWT_SECRET}.
 */
@SpringBootApplication
@RestController
public class LeanReference {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ObjectMapper json;

	private final URI chat;

	private final String runtimeKey;

	LeanReference(ObjectMapper json, @Value("${LEAN_UPSTREAM}") String upstream,
			@Value("${LEAN_RUNTIME_KEY:sk-or-v1-lean-reference}") String runtimeKey) {
		this.json = json;
		this.chat = URI.create(upstream + "/chat/completions");
		this.runtimeKey = runtimeKey;
	}

	public static void main(String[] args) {
		SpringApplication app = new SpringApplication(LeanReference.class);
		app.setDefaultProperties(Map.of("spring.threads.virtual.enabled", "true", "server.port", "${LEAN_PORT:18490}",
				"server.address", "127.0.0.1", "management.endpoints.web.exposure.include", "health,prometheus",
				"management.endpoint.health.probes.enabled", "true"));
		app.run(args);
	}

	@Bean
	JwtDecoder jwtDecoder(@Value("${AUTH_JWT_SECRET}") String secret) {
		return NimbusJwtDecoder
			.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
	}

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			}))
			.build();
	}

	@PostMapping(path = "/analysis", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> analysis(@AuthenticationPrincipal Jwt user, @RequestBody byte[] body) throws Exception {
		JsonNode request = this.json.readTree(body);
		JsonNode prompt = request.path("prompt");
		if (!prompt.isString() || prompt.asString().isBlank()) {
			return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body("{\"code\":\"invalid_request\"}".getBytes(StandardCharsets.UTF_8));
		}
		ObjectNode chat = this.json.createObjectNode();
		chat.put("model", "openai/gpt-4o-mini").put("max_tokens", 1024);
		chat.putArray("messages").addObject().put("role", "user").put("content", prompt.asString());
		HttpResponse<byte[]> answer = this.http.send(HttpRequest.newBuilder(this.chat)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.runtimeKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(chat)))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (answer.statusCode() != 200) {
			return ResponseEntity.status(502).contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body("{\"code\":\"upstream_error\"}".getBytes(StandardCharsets.UTF_8));
		}
		JsonNode completion = this.json.readTree(answer.body());
		ObjectNode result = this.json.createObjectNode();
		result.put("id", completion.path("id").asString(""));
		result.put("model", completion.path("model").asString(""));
		result.put("analysis", completion.path("choices").path(0).path("message").path("content").asString(""));
		ObjectNode usage = result.putObject("usage");
		usage.put("promptTokens", completion.path("usage").path("prompt_tokens").asLong(0));
		usage.put("completionTokens", completion.path("usage").path("completion_tokens").asLong(0));
		usage.put("totalTokens", completion.path("usage").path("total_tokens").asLong(0));
		result.put("user", user.getSubject());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsBytes(result));
	}

}
