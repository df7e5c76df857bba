package io.autorenew.web;

import java.util.Optional;

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
 * Rewrites every problem answered under a path an {@link ErrorShape} serves into that shape,
 * whichever advice made it.
 */
@ControllerAdvice
class ErrorShapeAdvice implements ResponseBodyAdvice<Object> {

	private final ProblemWriter bodies;

	ErrorShapeAdvice(ProblemWriter bodies) {
		this.bodies = bodies;
	}

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
		Optional<ErrorShape> shape = this.bodies.shapeFor(servlet.getServletRequest());
		if (shape.isEmpty()) {
			return body;
		}
		response.getHeaders().setContentType(shape.get().contentType());
		return shape.get().body(problem);
	}

}
