package io.autorenew.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Replaces Tomcat's HTML error page for requests Tomcat refuses itself (an encoded NUL, an
 * oversized request line, a malformed URL) with the service's problem+json, so even those
 * keep the error contract.
 */
// Public: Tomcat creates the host's error-report valve from its class name.
public final class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		Object accepted = request.getAttribute(RequestIds.MDC_KEY);
		String requestId = (accepted != null) ? accepted.toString()
				: RequestIds.accept(request.getHeader(RequestIds.HEADER));
		String body = "{\"type\":\"/problems/" + Problems.codeFor(status).replace('_', '-') + "\",\"title\":\""
				+ status.getReasonPhrase() + "\",\"status\":" + code + ",\"detail\":\"The request could not be served.\","
				+ "\"code\":\"" + Problems.codeFor(status) + "\",\"requestId\":\"" + requestId + "\"}";
		try {
			SecurityHeaders.apply(response);
			response.setHeader(RequestIds.HEADER, requestId);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is already committed: nothing more to say
		}
	}

}
