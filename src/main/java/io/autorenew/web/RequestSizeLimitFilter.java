package io.autorenew.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards request bodies before anything parses them: a declared {@code Content-Length} over
 * the cap is refused at once with 413 {@code request_too_large}; a body without one (chunked)
 * is cut off as soon as it passes the cap, which surfaces as the same 413. A JSON body must
 * also be well-formed UTF-8, or it is refused as 400 {@code invalid_request}.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemWriter problems;

	RequestSizeLimitFilter(DataSize maxSize, ProblemWriter problems) {
		this.maxBytes = maxSize.toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			SecurityHeaders.apply(response);
			response.setHeader("Connection", "close");
			this.problems.write(request, response, tooLarge(this.maxBytes));
			return;
		}
		chain.doFilter(new Capped(request, this.maxBytes, isJson(request)), response);
	}

	/** The 413 problem, naming the limit in bytes (also as {@code maxBytes}). */
	static Problem tooLarge(long maxBytes) {
		return Failure.REQUEST_TOO_LARGE
			.with("The request body is larger than the " + maxBytes + " bytes the service accepts (MAX_REQUEST_SIZE).")
			.with("maxBytes", maxBytes);
	}

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		try {
			MediaType media = MediaType.parseMediaType(type);
			return media.isCompatibleWith(MediaType.APPLICATION_JSON) || media.getSubtype().endsWith("+json");
		}
		catch (IllegalArgumentException unparseable) {
			return false;
		}
	}

	/** The body is not well-formed UTF-8. */
	static final class MalformedBodyException extends IOException {

		MalformedBodyException() {
			super("Request body is not well-formed UTF-8");
		}

	}

	/** The body was longer than the cap. */
	static final class RequestTooLargeException extends IOException {

		private final long maxBytes;

		RequestTooLargeException(long maxBytes) {
			super("Request body over the size cap of " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long maxBytes;

		private final boolean utf8;

		private ServletInputStream stream;

		Capped(HttpServletRequest request, long maxBytes, boolean utf8) {
			super(request);
			this.maxBytes = maxBytes;
			this.utf8 = utf8;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CappedStream(super.getInputStream(), this.maxBytes,
						this.utf8 ? new Utf8Validator() : null);
			}
			return this.stream;
		}

	}

	private static final class CappedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private final Utf8Validator utf8;

		private long read;

		CappedStream(ServletInputStream delegate, long maxBytes, Utf8Validator utf8) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
			this.utf8 = utf8;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
				check(b);
			}
			else {
				end();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
				for (int i = offset; i < offset + n; i++) {
					check(buffer[i] & 0xFF);
				}
			}
			else if (n < 0) {
				end();
			}
			return n;
		}

		private void count(int n) throws RequestTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new RequestTooLargeException(this.maxBytes);
			}
		}

		private void check(int b) throws MalformedBodyException {
			if (this.utf8 != null && !this.utf8.accept(b)) {
				throw new MalformedBodyException();
			}
		}

		private void end() throws MalformedBodyException {
			if (this.utf8 != null && !this.utf8.complete()) {
				throw new MalformedBodyException();
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
