package io.autorenew.openrouter;

import io.autorenew.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * OpenRouter's failures as problems, classified by what the caller can do: fix the request
 * (422), pay (402), wait (429, 503 with {@code Retry-After}) or nothing (502, 504). Nothing
 * of an upstream body reaches the answer.
 */
@RestControllerAdvice
@Order(0)
class OpenRouterProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(OpenRouterProblemAdvice.class);

	@ExceptionHandler(ProvisioningUnavailableException.class)
	ResponseEntity<Object> provisioningUnavailable(ProvisioningUnavailableException ex) {
		ProblemDetail problem = (ex instanceof ProvisioningNotConfiguredException)
				? Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "provisioning_not_configured",
						"Key provisioning not configured",
						"The service cannot create OpenRouter keys: its management key is not configured.")
				: Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "provisioning_unavailable",
						"Key provisioning unavailable",
						"OpenRouter's key management is unavailable; try again later.");
		return Problems.response(problem, ex.retryAfter());
	}

	@ExceptionHandler(OpenRouterException.class)
	ResponseEntity<Object> upstream(OpenRouterException ex) {
		if (ex instanceof OpenRouterContentBlockedException) {
			return Problems.response(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "content_blocked",
					"Content blocked", "OpenRouter's moderation or guardrails refused this request."), null);
		}
		if (ex instanceof OpenRouterRejectedException) {
			log.warn("OpenRouter refused the request: {}", ex.getMessage());
			return Problems.response(Problems.problem(HttpStatus.BAD_GATEWAY, "upstream_rejected", "Upstream rejected",
					"OpenRouter refused the request (status " + ex.status() + ")."), null);
		}
		if (ex instanceof OpenRouterCreditsException) {
			return Problems.response(Problems.problem(HttpStatus.PAYMENT_REQUIRED, "credits_exhausted",
					"Credits exhausted", "The OpenRouter credits or the key's spending limit are used up."), null);
		}
		if (ex instanceof OpenRouterRateLimitedException limited) {
			return Problems.response(Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "upstream_rate_limited",
					"Upstream rate limited", "OpenRouter is rate limiting requests; retry after the given time."),
					limited.retryAfter());
		}
		log.warn("OpenRouter call failed: {}", ex.getMessage());
		if (ex instanceof OpenRouterTimeoutException) {
			return Problems.response(Problems.problem(HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
					"Upstream timeout", "OpenRouter did not answer in time."), null);
		}
		String detail = (ex instanceof OpenRouterAuthenticationException)
				? "OpenRouter rejected the renewed key as well." : "OpenRouter could not complete the request.";
		return Problems.response(Problems.problem(HttpStatus.BAD_GATEWAY, "upstream_error", "Upstream error", detail),
				null);
	}

}
