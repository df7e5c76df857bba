package bench.reactor;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A reference hop of the benchmark (issue 38, part 7): Reactor Netty's server and client with
 * Jackson, and no Spring, doing the JSON work of the service's {@code POST /analysis}: read the
 * prompt, send a chat completion upstream, read the answer, write the result. No token check, no
 * metrics: the JVM's own floor for this hop. Settings: {@code REF_PORT}, {@code REF_UPSTREAM}
 * (OpenRouter's base URL, e.g. the bench's stub).
 */
public final class ReactorHop {

	private static final ObjectMapper JSON = new ObjectMapper();

	private ReactorHop() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(System.getenv().getOrDefault("REF_PORT", "18496"));
		HttpClient upstream = HttpClient.create(ConnectionProvider.create("upstream", 512))
			.baseUrl(System.getenv("REF_UPSTREAM"))
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-or-v1-reactor-hop")
				.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route((routes) -> routes.post("/analysis", (request, response) -> request.receive()
				.aggregate()
				.asByteArray()
				.flatMap((body) -> upstream.post()
					.uri("/chat/completions")
					.send(Mono.fromCallable(() -> io.netty.buffer.Unpooled.wrappedBuffer(chat(body))))
					.responseSingle((answer, bytes) -> bytes.asByteArray()))
				.map(ReactorHop::result)
				.flatMap((result) -> response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendByteArray(Mono.just(result))
					.then())))
			.bindNow();
		server.onDispose().block();
	}

	private static byte[] chat(byte[] body) {
		JsonNode prompt = JSON.readTree(body).path("prompt");
		ObjectNode chat = JSON.createObjectNode();
		chat.put("model", "openai/gpt-4o-mini").put("max_tokens", 1024);
		chat.putArray("messages").addObject().put("role", "user").put("content", prompt.asString(""));
		return JSON.writeValueAsBytes(chat);
	}

	private static byte[] result(byte[] answer) {
		JsonNode completion = JSON.readTree(answer);
		ObjectNode result = JSON.createObjectNode();
		result.put("id", completion.path("id").asString(""));
		result.put("model", completion.path("model").asString(""));
		result.put("analysis", completion.path("choices").path(0).path("message").path("content").asString(""));
		ObjectNode usage = result.putObject("usage");
		usage.put("promptTokens", completion.path("usage").path("prompt_tokens").asLong(0));
		usage.put("completionTokens", completion.path("usage").path("completion_tokens").asLong(0));
		usage.put("totalTokens", completion.path("usage").path("total_tokens").asLong(0));
		return JSON.writeValueAsBytes(result);
	}

}
