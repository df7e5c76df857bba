package io.autorenew.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client for the service under test: sends exactly the bytes and headers a
 * test gives, so malformed bodies and odd content types reach the server as written.
 */
public final class Api {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** The service's address, {@code http://127.0.0.1:port}. */
	public String baseUrl() {
		return this.base;
	}

	/** A JSON body with any method, e.g. {@code PUT}. */
	public Response exchangeJson(String method, String path, String token, String body) {
		return send(request(path, token).method(method, HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json"));
	}

	public Response post(String path, String token, String contentType, String body) {
		HttpRequest.Builder request = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	public Response analyse(String token, String json) {
		return post("/analysis", token, "application/json", json);
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	public Response delete(String path, String token) {
		return send(request(path, token).DELETE());
	}

	public Response postEmpty(String path, String token) {
		return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Any method with any headers and an optional body, answered with every response header
	 * (for CORS, rate-limit and security-header checks).
	 */
	public HttpResponse<String> exchange(String method, String path, Map<String, String> headers, String body) {
		HttpRequest.Builder request = request(path, null).method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			SecretRegistry.response(response.uri().getPort(), method + " " + response.uri().getPath(),
					response.statusCode(), response.headers().map(), response.body());
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			SecretRegistry.response(response.uri().getPort(),
					response.request().method() + " " + response.uri().getPath(), response.statusCode(),
					response.headers().map(), response.body());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Retry-After").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What the service answered. */
	public record Response(int status, String contentType, String retryAfter, String body) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (JacksonException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

		/** The problem's {@code code}, asserting the answer is problem+json. */
		public String code() {
			if (!this.contentType.startsWith("application/problem+json")) {
				throw new AssertionError("Expected application/problem+json, got '" + this.contentType + "': " + this.body);
			}
			return json().path("code").asString();
		}

	}

}
