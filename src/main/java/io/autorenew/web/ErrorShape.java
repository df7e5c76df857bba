package io.autorenew.web;

import io.swagger.v3.oas.models.media.Schema;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The shape of error answers under some paths, for an API that speaks another error shape
 * than RFC 9457 problems (OpenAI's under {@code /v1/}). The feature that owns the API
 * declares it as a bean; every error answered under its paths is written in its shape, with
 * the same stable {@code code}, whoever made the problem: an advice, a filter or security.
 */
public interface ErrorShape {

	/** Whether errors under this request path take this shape. */
	boolean serves(String path);

	MediaType contentType();

	/** The body to write for this problem. */
	Object body(ProblemDetail problem);

	/** The name of its schema in the API description ({@code /v3/api-docs}). */
	String schemaName();

	/** Its schema, which the API description shows for every error under its paths. */
	Schema<?> schema();

}
