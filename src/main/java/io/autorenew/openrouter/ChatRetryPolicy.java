package io.autorenew.openrouter;

import java.time.Clock;
import java.time.Duration;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;
import org.springframework.retry.context.RetryContextSupport;

/**
 * When a chat call may be tried again: only after a retryable outcome (OpenRouter briefly
 * unable to answer, a timeout, a rate limit), at most {@code maxAttempts} times, and only if
 * the next attempt can start before the call's deadline — for a 429 that means after the
 * wait OpenRouter asked for. A 429 whose wait would pass the deadline is given up at once.
 */
final class ChatRetryPolicy implements RetryPolicy {

	private final int maxAttempts;

	private final Duration deadline;

	private final Clock clock;

	ChatRetryPolicy(int maxAttempts, Duration deadline, Clock clock) {
		this.maxAttempts = maxAttempts;
		this.deadline = deadline;
		this.clock = clock;
	}

	@Override
	public boolean canRetry(RetryContext context) {
		Throwable last = context.getLastThrowable();
		if (last == null) {
			return true;
		}
		if (!retryable(last) || context.getRetryCount() >= this.maxAttempts) {
			return false;
		}
		Context call = (Context) context;
		Duration wait = (last instanceof OpenRouterException upstream && upstream.retryAfter() != null
				&& !call.waitedFor(last)) ? upstream.retryAfter() : Duration.ZERO;
		if (call.deadlinePassedAfter(wait)) {
			return false;
		}
		call.waiting(last);
		return true;
	}

	static boolean retryable(Throwable failure) {
		return failure instanceof OpenRouterException upstream && upstream.upstream().retry();
	}

	@Override
	public RetryContext open(RetryContext parent) {
		return new Context(parent, this.clock.millis() + this.deadline.toMillis());
	}

	@Override
	public void close(RetryContext context) {
	}

	@Override
	public void registerThrowable(RetryContext context, Throwable throwable) {
		((RetryContextSupport) context).registerThrowable(throwable);
	}

	/**
	 * Remembers when the call must be over, and which failure's wait is already being served
	 * (spring-retry asks again after the back-off: the wait must not count twice).
	 */
	final class Context extends RetryContextSupport {

		private final long deadlineMillis;

		private Throwable waitedFor;

		Context(RetryContext parent, long deadlineMillis) {
			super(parent);
			this.deadlineMillis = deadlineMillis;
		}

		boolean waitedFor(Throwable failure) {
			return this.waitedFor == failure;
		}

		void waiting(Throwable failure) {
			this.waitedFor = failure;
		}

		boolean deadlinePassedAfter(Duration wait) {
			return ChatRetryPolicy.this.clock.millis() + wait.toMillis() >= this.deadlineMillis;
		}

	}

}
