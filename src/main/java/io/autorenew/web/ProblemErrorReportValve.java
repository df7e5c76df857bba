package io.autorenew.web;

import java.io.IOException;
import java.io.Writer;
import java.util.function.Supplier;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Replaces Tomcat's HTML error page for requests Tomcat refuses itself (an encoded NUL, an
 * oversized request line, a malformed URL) with the service's error body in the shape of the
 * API the path speaks ({@link ProblemWriter}: problem+json, or a feature's {@link ErrorShape}),
 * so even those keep the error contract. The application hands it its {@link ProblemWriter}
 * once Tomcat has created it ({@link WebConfiguration}).
 */
// Public: Tomcat creates the host's error-report valve from its class name.
public final class ProblemErrorReportValve extends ErrorReportValve {

	private volatile Supplier<ProblemWriter> problems;

	/** What writes the body: the application's one {@link ProblemWriter}, looked up when first needed. */
	void use(Supplier<ProblemWriter> problems) {
		this.problems = problems;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || this.problems == null || !response.setErrorReported()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		Object accepted = request.getAttribute(RequestIds.MDC_KEY);
		String requestId = (accepted != null) ? accepted.toString()
				: RequestIds.accept(request.getHeader(RequestIds.HEADER));
		ProblemDetail problem = Problems.ofStatus(status, status.getReasonPhrase(),
				"The request could not be served.");
		problem.setProperty(Problems.REQUEST_ID, requestId);
		ProblemWriter shapes = this.problems.get();
		try {
			String body = shapes.render(request, problem);
			SecurityHeaders.apply(response);
			response.setHeader(RequestIds.HEADER, requestId);
			response.setContentType(shapes.contentType(request).toString());
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
