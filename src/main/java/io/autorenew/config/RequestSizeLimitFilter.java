package io.autorenew.config;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies before anything parses them: a declared {@code Content-Length} over the
 * cap is refused at once with 413 {@code request_too_large}; a body without one (chunked) is
 * cut off as soon as it passes the cap, which surfaces as the same 413.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ObjectMapper json;

	RequestSizeLimitFilter(DataSize maxSize, ObjectMapper json) {
		this.maxBytes = maxSize.toBytes();
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setHeader("Connection", "close");
			this.json.writeValue(response.getOutputStream(), tooLarge());
			return;
		}
		chain.doFilter(new Capped(request, this.maxBytes), response);
	}

	private org.springframework.http.ProblemDetail tooLarge() {
		return Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "request_too_large", "Request too large",
				"The request body is larger than the service accepts.");
	}

	/** The body was longer than the cap. */
	static final class RequestTooLargeException extends IOException {

		RequestTooLargeException() {
			super("Request body over the size cap");
		}

	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Capped(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CappedStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class CappedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long read;

		CappedStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new RequestTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
