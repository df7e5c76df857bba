package io.autorenew.anthropic;

import io.autorenew.web.ErrorBodies;
import io.autorenew.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Wires the Anthropic Messages API's error shape and its refusals. */
@Configuration(proxyBeanMethods = false)
class AnthropicConfiguration {

	@Bean
	@Order(0)
	AnthropicErrorShape anthropicErrorShape() {
		return new AnthropicErrorShape();
	}

	/** A Messages request refused before anything is spent: 400 with its code, in Anthropic's shape. */
	@RestControllerAdvice(assignableTypes = MessagesController.class)
	@Order(0)
	static class MessagesRequestProblems {

		@ExceptionHandler(InvalidMessagesRequestException.class)
		ResponseEntity<Object> invalid(InvalidMessagesRequestException ex) {
			String title = "invalid_model".equals(ex.code()) ? "Invalid model" : "Invalid request";
			ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, ex.code(), title, ex.getMessage());
			if (ex.field() != null) {
				problem.setProperty(ErrorBodies.PARAM, ex.field());
			}
			return Problems.response(problem, null);
		}

		@ExceptionHandler(InvalidUpstreamMessageException.class)
		ResponseEntity<Object> invalidAnswer(InvalidUpstreamMessageException ex) {
			return Problems.response(Problems.problem(HttpStatus.BAD_GATEWAY, "upstream_invalid", "Upstream invalid",
					ex.getMessage()), null);
		}

	}

}
