package io.autorenew.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Rewrites every problem answered under {@code /v1/} into OpenAI's error shape
 * ({@link ErrorBodies}), whichever advice made it.
 */
@ControllerAdvice
class OpenAiErrorShapeAdvice implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (!(body instanceof ProblemDetail problem) || !(request instanceof ServletServerHttpRequest servlet)) {
			return body;
		}
		HttpServletRequest http = servlet.getServletRequest();
		String path = (String) http.getAttribute("jakarta.servlet.error.request_uri");
		if (!ErrorBodies.isOpenAi(http) && !ErrorBodies.isOpenAi(path)) {
			return body;
		}
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return ErrorBodies.openAi(problem);
	}

}
