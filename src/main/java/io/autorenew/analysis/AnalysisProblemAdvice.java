package io.autorenew.analysis;

import java.util.List;

import io.autorenew.web.Failure;
import io.autorenew.web.Problem;
import io.autorenew.web.Problems;

import org.springframework.core.annotation.Order;
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
			return problem(Failure.PROMPT_TOO_LARGE.with("The prompt is longer than 100000 characters."), ex);
		}
		if (onlyModel) {
			return problem(Failure.INVALID_MODEL.with("model must look like vendor/model or vendor/model:variant."), ex);
		}
		return Problems.response(Problems.invalid(ex));
	}

	private static ResponseEntity<Object> problem(Problem problem, MethodArgumentNotValidException ex) {
		return Problems.response(problem.with("errors", Problems.errors(ex)));
	}

}
