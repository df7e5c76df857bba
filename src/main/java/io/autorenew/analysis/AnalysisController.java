package io.autorenew.analysis;

import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.KeyStatus;
import io.autorenew.keys.KeyStatusService;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

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
class AnalysisController {

	private final AnalysisService analyses;

	private final KeyStatusService keys;

	AnalysisController(AnalysisService analyses, KeyStatusService keys) {
		this.analyses = analyses;
		this.keys = keys;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	AnalysisResult analyse(Authentication user, @Valid @RequestBody AnalysisRequest request) {
		return this.analyses.analyse(user.getName(), request);
	}

	/**
	 * The same analysis as Server-Sent Events, for {@code Accept: text/event-stream}:
	 * {@code delta} events as the answer is written, then {@code done}, or {@code error}.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	void stream(Authentication user, @Valid @RequestBody AnalysisRequest request, HttpServletResponse response)
			throws InterruptedException {
		this.analyses.stream(user.getName(), request, response);
	}

	@GetMapping("/key")
	KeyStatus key(Authentication user) {
		String userId = user.getName();
		return this.keys.status(userId).orElseThrow(() -> new KeyNotFoundException(userId));
	}

}
