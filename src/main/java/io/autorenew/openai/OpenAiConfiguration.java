package io.autorenew.openai;

import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.Problems;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Wires the OpenAI-compatible API's model list. */
@Configuration(proxyBeanMethods = false)
class OpenAiConfiguration {

	@Bean
	ModelList modelList(OpenRouterClient openRouter, OpenRouterProperties properties, ObjectMapper json) {
		return new ModelList(openRouter, properties, json);
	}

	/** A chat request refused before anything is spent: 400 with its code (in OpenAI's shape under /v1). */
	@RestControllerAdvice(assignableTypes = OpenAiController.class)
	@Order(0)
	static class ChatRequestProblems {

		@ExceptionHandler(InvalidChatRequestException.class)
		ResponseEntity<Object> invalid(InvalidChatRequestException ex) {
			String title = "invalid_model".equals(ex.code()) ? "Invalid model" : "Invalid request";
			return Problems.response(Problems.problem(HttpStatus.BAD_REQUEST, ex.code(), title, ex.getMessage()), null);
		}

	}

}
