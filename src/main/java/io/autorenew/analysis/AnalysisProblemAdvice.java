package io.autorenew.analysis;

import java.util.List;

import io.autorenew.web.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The analysis API's own failures as problems: an invalid request body, whose prompt and
 * model fields get codes of their own (a model the allow-list does not offer is the gateway's
 * {@code invalid_model}).
 */
@RestControllerAdvice(assignableTypes = AnalysisController.class)
@Order(0)
class AnalysisProblemAdvice {

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<Object> invalidRequest(MethodArgumentNotValidException ex) {
		List<FieldError> errors = ex.getBindingResult().getFieldErrors();
		boolean promptTooLarge = errors.stream()
			.anyMatch((error) -> "prompt".equals(error.getField()) && "Size".equals(error.getCode()));
		boolean onlyModel = !errors.isEmpty() && errors.stream().allMatch((error) -> "model".equals(error.getField()));
		if (promptTooLarge) {
			return problem(Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "prompt_too_large", "Prompt too large",
					"The prompt is longer than 100000 characters."), ex);
		}
		if (onlyModel) {
			return problem(Problems.problem(HttpStatus.BAD_REQUEST, "invalid_model", "Invalid model",
					"model must look like vendor/model or vendor/model:variant."), ex);
		}
		return Problems.invalid(ex);
	}

	private static ResponseEntity<Object> problem(ProblemDetail problem, MethodArgumentNotValidException ex) {
		return Problems.response(Problems.withErrors(problem, ex), null);
	}

}
