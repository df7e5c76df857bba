package io.autorenew.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First of all filters: gives the request its id ({@link RequestIds}), answers it in
 * {@code X-Request-Id} before anything can commit the response, and puts it in the MDC for
 * every log line of the request. When the request is done it logs one access line on the
 * {@code io.autorenew.access} logger with the method, path, status, outcome (the problem
 * {@code code}, or {@code ok}), duration and the user's id hash (never the raw subject).
 * Health probes are logged at DEBUG.
 */
final class RequestIdFilter extends OncePerRequestFilter {

	static final String ACCESS_LOGGER = "io.autorenew.access";

	private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = RequestIds.accept(request.getHeader(RequestIds.HEADER));
		response.setHeader(RequestIds.HEADER, id);
		request.setAttribute(RequestIds.MDC_KEY, id);
		long started = System.nanoTime();
		MDC.put(RequestIds.MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				// a relayed stream goes on on a thread of its own: its line is logged when it ends
				request.getAsyncContext().addListener(new LogWhenDone(id, started));
			}
			else {
				logAccess(request, response, (System.nanoTime() - started) / 1_000_000);
			}
			MDC.remove(RequestIds.MDC_KEY);
			MDC.remove(RequestIds.USER_MDC_KEY);
		}
	}


	private static void logAccess(HttpServletRequest request, HttpServletResponse response, long millis) {
		String path = request.getRequestURI();
		Level level = path.startsWith("/actuator/health") ? Level.DEBUG : Level.INFO;
		if (!access.isEnabledForLevel(level)) {
			return;
		}
		int status = response.getStatus();
		String outcome = outcome(request, status);
		Object hash = request.getAttribute(RequestIds.USER_MDC_KEY);
		String user = (hash != null) ? hash.toString() : "-";
		access.atLevel(level)
			.addKeyValue("method", request.getMethod())
			.addKeyValue("path", path)
			.addKeyValue("status", status)
			.addKeyValue("outcome", outcome)
			.addKeyValue("durationMs", millis)
			.log("{} {} {} {} {}ms user={}", request.getMethod(), path, status, outcome, millis, user);
	}

	/** Logs an asynchronous request's access line when it completes, with the request's id in the MDC. */
	private record LogWhenDone(String id, long started) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
			Map<String, String> own = MDC.getCopyOfContextMap();
			MDC.put(RequestIds.MDC_KEY, this.id);
			Object hash = request.getAttribute(RequestIds.USER_MDC_KEY);
			if (hash != null) {
				MDC.put(RequestIds.USER_MDC_KEY, hash.toString());
			}
			try {
				logAccess(request, (HttpServletResponse) event.getSuppliedResponse(),
						(System.nanoTime() - this.started) / 1_000_000);
			}
			finally {
				MDC.setContextMap((own != null) ? own : Map.of());
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	/** The problem code the request was answered with, or {@code ok}. */
	private static String outcome(HttpServletRequest request, int status) {
		Object code = request.getAttribute(Problems.OUTCOME_ATTRIBUTE);
		if (code != null) {
			return code.toString();
		}
		return (status < 400) ? "ok" : Failure.forStatus(HttpStatusCode.valueOf(status)).code();
	}

}
