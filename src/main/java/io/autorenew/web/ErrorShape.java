package io.autorenew.web;

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

}
