package io.autorenew.openrouter;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;

/**
 * Waits between chat attempts: as long as OpenRouter asked after a 429 ({@code Retry-After}
 * or {@code X-RateLimit-Reset}), otherwise exponentially with jitter.
 */
final class ChatBackOffPolicy implements BackOffPolicy {

	private final ExponentialRandomBackOffPolicy exponential;

	private final Sleeper sleeper;

	ChatBackOffPolicy(ExponentialRandomBackOffPolicy exponential, Sleeper sleeper) {
		this.exponential = exponential;
		this.sleeper = sleeper;
	}

	@Override
	public BackOffContext start(RetryContext context) {
		return new Context(context, this.exponential.start(context));
	}

	@Override
	public void backOff(BackOffContext backOffContext) {
		Context context = (Context) backOffContext;
		if (context.retry.getLastThrowable() instanceof OpenRouterException limited && limited.retryAfter() != null) {
			try {
				this.sleeper.sleep(limited.retryAfter().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BackOffInterruptedException("Interrupted waiting for OpenRouter's rate limit", ex);
			}
			return;
		}
		this.exponential.backOff(context.exponential);
	}

	private record Context(RetryContext retry, BackOffContext exponential) implements BackOffContext {
	}

}
