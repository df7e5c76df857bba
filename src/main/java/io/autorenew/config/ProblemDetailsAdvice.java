package io.autorenew.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.autorenew.analysis.InvalidModelException;
import io.autorenew.analysis.RateLimitedException;
import io.autorenew.keys.KeyNotFoundException;
import io.autorenew.keys.ProvisioningNotConfiguredException;
import io.autorenew.keys.ProvisioningUnavailableException;
import io.autorenew.openrouter.OpenRouterAuthenticationException;
import io.autorenew.openrouter.OpenRouterContentBlockedException;
import io.autorenew.openrouter.OpenRouterCreditsException;
import io.autorenew.openrouter.OpenRouterException;
import io.autorenew.openrouter.OpenRouterRateLimitedException;
import io.autorenew.openrouter.OpenRouterRejectedException;
import io.autorenew.openrouter.OpenRouterTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure to an RFC 9457 problem with a stable {@code code}. Framework errors
 * (bad JSON, wrong media type, unknown path) keep Spring's status and get a code; the
 * service's own exceptions are mapped by what the caller can do about them.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

	@ExceptionHandler(KeyNotFoundException.class)
	ResponseEntity<Object> keyNotFound(KeyNotFoundException ex) {
		return Problems.response(Problems.problem(HttpStatus.NOT_FOUND, "key_not_found", "Key not found",
				"No OpenRouter key is stored for this user."), null);
	}

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

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<Object> rateLimited(RateLimitedException ex) {
		return Problems.response(Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Rate limited",
				"Too many analysis requests; retry after the given time."), ex.retryAfter());
	}

	@ExceptionHandler(InvalidModelException.class)
	ResponseEntity<Object> invalidModel(InvalidModelException ex) {
		return Problems.response(Problems.problem(HttpStatus.BAD_REQUEST, "invalid_model", "Invalid model",
				"This model is not offered by the service."), null);
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

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<Object> storeUnavailable(DataAccessException ex) {
		log.warn("Key store unavailable: {}", ex.getClass().getSimpleName());
		return Problems.response(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable",
				"Store unavailable", "The key store is unavailable; try again later."), STORE_RETRY_AFTER);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure: {}", ex.getClass().getName(), ex);
		return Problems.response(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"Internal error", "The service failed unexpectedly."), null);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.RequestTooLargeException) {
				return Problems.response(Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "request_too_large",
						"Request too large", "The request body is larger than the service accepts."), null);
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult().getFieldErrors();
		boolean promptTooLarge = errors.stream()
			.anyMatch((error) -> "prompt".equals(error.getField()) && "Size".equals(error.getCode()));
		boolean onlyModel = !errors.isEmpty() && errors.stream().allMatch((error) -> "model".equals(error.getField()));
		ProblemDetail problem;
		if (promptTooLarge) {
			problem = Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "prompt_too_large", "Prompt too large",
					"The prompt is longer than 100000 characters.");
		}
		else if (onlyModel) {
			problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid_model", "Invalid model",
					"model must look like vendor/model or vendor/model:variant.");
		}
		else {
			problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid_request", "Invalid request",
					"The request body is invalid.");
		}
		problem.setProperty("errors", errors.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList());
		return Problems.response(problem, null);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem && !hasCode(problem)) {
			String code = Problems.codeFor(statusCode);
			Problems.decorate(problem, code, null);
			if (statusCode.value() == 400) {
				problem.setTitle("Invalid request");
				problem.setDetail("The request is malformed or incomplete.");
			}
		}
		return response;
	}

	private static boolean hasCode(ProblemDetail problem) {
		return problem.getProperties() != null && problem.getProperties().containsKey(Problems.CODE);
	}

}
