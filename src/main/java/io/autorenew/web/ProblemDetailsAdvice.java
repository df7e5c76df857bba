package io.autorenew.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure no feature maps itself to an RFC 9457 problem with a stable
 * {@code code}: framework errors (bad JSON, wrong media type, unknown path) keep Spring's
 * status and get a code, an unreachable store is a 503, anything else a 500. Each feature
 * maps its own exceptions in an advice of its own ({@code *ProblemAdvice}), which is
 * consulted first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(5);

	/** Every failure that knows its problem: the features', OpenRouter's, the store's, the limits'. */
	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> described(ProblemException ex) {
		if (ex.warns()) {
			log.warn("{}", ex.getMessage());
		}
		return Problems.response(ex.problem());
	}

	/**
	 * Every store failure is one 503 {@code store_unavailable} with Retry-After, whatever the
	 * driver called it (a timeout, a paused connection pool, a lost primary: Spring Data
	 * translates some into "uncategorized" exceptions). Only a failure that is the service's
	 * own mistake (a duplicate key it did not expect, a bad query) is a 500.
	 */
	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<Object> storeUnavailable(DataAccessException ex) {
		if (ex instanceof DataIntegrityViolationException || ex instanceof InvalidDataAccessApiUsageException
				|| ex instanceof InvalidDataAccessResourceUsageException) {
			return unexpected(ex);
		}
		log.warn("Key store unavailable: {}", ex.getClass().getSimpleName());
		return Problems.response(
				Failure.STORE_UNAVAILABLE.with("The key store is unavailable; try again later.").retryAfter(STORE_RETRY_AFTER));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected failure: {}", ex.getClass().getName(), ex);
		return Problems.response(Failure.INTERNAL_ERROR.with("The service failed unexpectedly."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestSizeLimitFilter.RequestTooLargeException tooLarge) {
				return Problems.response(RequestSizeLimitFilter.tooLarge(tooLarge.maxBytes()));
			}
		}
		Problem unreadable = UnreadableBodies.describe(ex);
		return (unreadable != null) ? Problems.response(unreadable)
				: super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return Problems.response(Problems.invalid(ex));
	}

	/**
	 * A controller whose path variables are validated validates its {@code @Valid} body as a
	 * method argument too: the same 400 {@code invalid_request} naming each invalid field.
	 */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String parameter = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				String field = (error instanceof FieldError fieldError) ? fieldError.getField() : parameter;
				errors.add(Problems.error(String.valueOf(field), String.valueOf(error.getDefaultMessage())));
			}
		}
		String detail = errors.stream()
			.map((error) -> "`" + error.get("field") + "` " + error.get("message"))
			.collect(Collectors.joining("; ", "The request is invalid: ", "."));
		return Problems.response(Failure.INVALID_REQUEST.with(detail).with("errors", errors));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem && !hasCode(problem)) {
			Problems.decorate(problem, Failure.forStatus(statusCode), null);
			if (statusCode.value() == 400) {
				problem.setTitle("Invalid request");
				problem.setDetail("The request is malformed or incomplete.");
			}
			else if (statusCode.value() == 404) {
				// Spring's own detail names its internals ("No static resource analysis.").
				problem.setDetail("Nothing is served at this path.");
			}
		}
		return response;
	}

	private static boolean hasCode(ProblemDetail problem) {
		return problem.getProperties() != null && problem.getProperties().containsKey(Problems.CODE);
	}

}
