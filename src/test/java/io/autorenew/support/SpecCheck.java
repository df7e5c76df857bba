package io.autorenew.support;

import java.util.List;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;

/**
 * One key-management exchange (a request to {@code /keys}, {@code /keys/{hash}} or
 * {@code /key} and its answer) held against OpenRouter's vendored OpenAPI spec, for a fake
 * other than WireMock: the OpenRouter stand-in.
 */
public final class SpecCheck {

	private static final Pattern KEY_MANAGEMENT = Pattern.compile("/keys(/[^/]+)?|/key");

	private SpecCheck() {
	}

	/** Whether the spec speaks of this path below {@code /api/v1}. */
	public static boolean isKeyManagement(String path) {
		return KEY_MANAGEMENT.matcher(path).matches();
	}

	/**
	 * The violations of one exchange; a request that was answered with a 4xx is a refusal the
	 * test meant, so only its answer is held against the spec.
	 */
	public static List<String> violations(String method, String path, String authorization, String requestBody,
			int status, String responseBody) {
		SimpleRequest.Builder request = new SimpleRequest.Builder(method, path);
		if (authorization != null) {
			request.withHeader("Authorization", authorization);
		}
		if (requestBody != null && !requestBody.isEmpty()) {
			request.withHeader("Content-Type", "application/json").withBody(requestBody);
		}
		SimpleResponse.Builder response = new SimpleResponse.Builder(status).withHeader("Content-Type",
				"application/json");
		if (responseBody != null && !responseBody.isEmpty()) {
			response.withBody(responseBody);
		}
		if (status == 403) {
			// A runtime key on a management path: OpenRouter's key-management docs say any key but a management key
			// gets 403, a status its OpenAPI spec does not list for every path.
			return List.of();
		}
		List<String> found = OpenRouterSpec
			.check(new Exchange(method, path, request.build(), response.build(), status));
		return (status >= 400 && status < 500)
				? found.stream().filter((violation) -> !violation.startsWith("service request")).toList() : found;
	}

}
