package io.autorenew.analysis;

import java.io.IOException;

import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.renewal.KeyStatus;
import io.autorenew.renewal.KeyStatusService;
import io.autorenew.web.Failure;
import io.autorenew.web.JsonAnswer;
import io.autorenew.web.ProblemCodes;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The frontend's API. The user is always the one the token names (its {@code sub}, within
 * the id space of the token's source): never a body field or a header.
 */
@RestController
@RequestMapping(path = "/analysis", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "analysis", description = "The frontend's API: analyses with the signed-in user's own OpenRouter key")
class AnalysisController {

	/** What the event stream of {@code POST /analysis} holds, for the API description. */
	static final String EVENTS = """
			Server-Sent Events, for `Accept: text/event-stream`:
			- `event: delta` with `{"text": "…"}` for each piece of the answer as it is written;
			- then `event: done` with the JSON answer's fields but `analysis` (`id`, `model`, `usage`, `maxTokens`, \
			`keyProvisioned`, `keyRenewed`);
			- or, if OpenRouter fails once the stream has begun, `event: error` with `{"code", "detail"}`, and the stream ends.
			Comment lines (`: …`) keep a quiet stream open. Failures before the first event are problem+json answers.""";

	static final String EVENTS_EXAMPLE = """
			event: delta
			data: {"text":"The text "}

			event: delta
			data: {"text":"is about renewal."}

			event: done
			data: {"id":"gen-1764000000-abc","model":"openai/gpt-4o-mini","usage":{"promptTokens":12,\
			"completionTokens":7,"totalTokens":19},"maxTokens":1024,"keyProvisioned":false,"keyRenewed":false}

			""";

	private final AnalysisService analyses;

	private final KeyStatusService keys;

	private final ObjectMapper json;

	AnalysisController(AnalysisService analyses, KeyStatusService keys, ObjectMapper json) {
		this.analyses = analyses;
		this.keys = keys;
		this.json = json;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Analyse a prompt",
			description = "Runs the prompt through OpenRouter with the caller's own key: minted on first use, "
					+ "renewed and retried once when OpenRouter refuses it. Send `Accept: text/event-stream` "
					+ "to have the answer streamed.")
	@ApiResponse(responseCode = "200", description = "The analysis, or its event stream",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = AnalysisResult.class)),
					@Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
							schema = @Schema(type = "string", description = EVENTS),
							examples = @ExampleObject(name = "stream", value = EVENTS_EXAMPLE)) })
	@ProblemCodes(value = { Failure.INVALID_REQUEST, Failure.INVALID_MODEL, Failure.PROMPT_TOO_LARGE, Failure.REQUEST_TOO_LARGE,
			Failure.UNSUPPORTED_MEDIA_TYPE, Failure.NOT_ACCEPTABLE, Failure.TOO_MANY_STREAMS }, chatCall = true)
	void analyse(Authentication user, @Valid @RequestBody AnalysisRequest request, HttpServletResponse response)
			throws IOException {
		JsonAnswer.write(response, this.json.writeValueAsBytes(this.analyses.analyse(user.getName(), request)));
	}

	/**
	 * The same analysis as Server-Sent Events, for {@code Accept: text/event-stream}:
	 * {@code delta} events as the answer is written, then {@code done}, or {@code error}.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Hidden // described with the JSON answer: one operation, two media types
	void stream(Authentication user, @Valid @RequestBody AnalysisRequest request, HttpServletRequest servletRequest,
			HttpServletResponse response) throws InterruptedException {
		this.analyses.stream(user.getName(), request, servletRequest, response);
	}

	@GetMapping("/key")
	@Operation(summary = "The caller's key status",
			description = "The stored key, masked (`****` and its last 4 characters), its renewals, and its "
					+ "usage and remaining limit as OpenRouter reports them.")
	@ProblemCodes({ Failure.KEY_NOT_FOUND, Failure.RATE_LIMITED, Failure.STORE_UNAVAILABLE })
	KeyStatus key(Authentication user) {
		String userId = user.getName();
		return this.keys.status(userId).orElseThrow(() -> new KeyNotFoundException(userId));
	}

}
