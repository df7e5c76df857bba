package io.autorenew.openrouter;

import static io.autorenew.support.Upstream.failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.autorenew.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.support.RetryTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How chat calls are retried ({@link ChatRetryPolicy} with {@link ChatBackOffPolicy}), on
 * virtual time: the sleeper records each wait and moves the clock, nothing really waits.
 */
class ChatRetryPolicyTests {

	private static final Duration DEADLINE = Duration.ofSeconds(120);

	private final VirtualTime time = new VirtualTime(Instant.parse("2026-11-02T10:00:00Z"));

	private final AtomicInteger attempts = new AtomicInteger();

	@Test
	void retriesUnavailableUpToMaxAttemptsThenThrowsTheLastFailure() {
		Throwable thrown = catchThrowable(() -> call(3, () -> {
			throw unavailable(500 + this.attempts.get());
		}));

		assertThat(this.attempts).hasValue(3);
		assertThat(thrown).is(failure(UpstreamFailure.UNAVAILABLE));
		assertThat(((OpenRouterException) thrown).status()).isEqualTo(503);
		assertThat(this.time.sleeps).hasSize(2);
	}

	@Test
	void succeedsOnTheLastAllowedAttempt() {
		String answer = call(3, () -> {
			if (this.attempts.get() < 3) {
				throw unavailable(502);
			}
			return "answer";
		});

		assertThat(answer).isEqualTo("answer");
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void doesNotTryOnceMoreThanMaxAttempts() {
		assertThatExceptionOfType(OpenRouterException.class).isThrownBy(() -> call(2, () -> {
			if (this.attempts.get() < 3) {
				throw unavailable(502);
			}
			return "answer";
		}));
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void retriesTimeoutsAndRateLimits() {
		String answer = call(3, () -> {
			if (this.attempts.get() == 1) {
				throw new OpenRouterException(UpstreamFailure.TIMEOUT, OpenRouterClient.CHAT, 0, null);
			}
			if (this.attempts.get() == 2) {
				throw OpenRouterException.rateLimited(OpenRouterClient.CHAT, Duration.ofSeconds(2));
			}
			return "answer";
		});

		assertThat(answer).isEqualTo("answer");
		assertThat(this.attempts).hasValue(3);
	}

	@ParameterizedTest
	@MethodSource("finalOutcomes")
	void neverRetriesWhatRetryingCannotFix(RuntimeException failure) {
		Throwable thrown = catchThrowable(() -> call(3, () -> {
			throw failure;
		}));

		assertThat(thrown).isSameAs(failure);
		assertThat(this.attempts).hasValue(1);
		assertThat(this.time.sleeps).isEmpty();
	}

	static List<RuntimeException> finalOutcomes() {
		return List.of(OpenRouterException.keyRejected(OpenRouterClient.CHAT),
				new OpenRouterException(UpstreamFailure.CREDITS_EXHAUSTED, OpenRouterClient.CHAT, 402, null),
				new OpenRouterException(UpstreamFailure.CONTENT_BLOCKED, OpenRouterClient.CHAT, 403, null),
				new OpenRouterException(UpstreamFailure.REJECTED, OpenRouterClient.CHAT, 400, null), new IllegalStateException("bug"));
	}

	@Test
	void waitsExactlyAsLongAsTheRateLimitAsks() {
		call(3, () -> {
			if (this.attempts.get() == 1) {
				throw OpenRouterException.rateLimited(OpenRouterClient.CHAT, Duration.ofSeconds(7));
			}
			return "answer";
		});

		assertThat(this.time.sleeps).containsExactly(7_000L);
	}

	@Test
	void givesUpAtOnceOnARateLimitWhoseWaitPassesTheDeadline() {
		OpenRouterException limited = OpenRouterException.rateLimited(OpenRouterClient.CHAT,
				Duration.ofHours(1));

		Throwable thrown = catchThrowable(() -> call(3, () -> {
			throw limited;
		}));

		assertThat(thrown).isSameAs(limited);
		assertThat(this.attempts).hasValue(1);
		assertThat(this.time.sleeps).isEmpty();
	}

	@Test
	void honoursARateLimitWhoseWaitEndsJustBeforeTheDeadline() {
		String answer = call(3, () -> {
			if (this.attempts.get() == 1) {
				throw OpenRouterException.rateLimited(OpenRouterClient.CHAT, DEADLINE.minusMillis(1));
			}
			return "answer";
		});

		assertThat(answer).isEqualTo("answer");
		assertThat(this.time.sleeps).containsExactly(DEADLINE.minusMillis(1).toMillis());
	}

	@Test
	void doesNotHonourARateLimitWhoseWaitEndsAtTheDeadline() {
		assertThatExceptionOfType(OpenRouterException.class).isThrownBy(() -> call(3, () -> {
			throw OpenRouterException.rateLimited(OpenRouterClient.CHAT, DEADLINE);
		}));
		assertThat(this.attempts).hasValue(1);
		assertThat(this.time.sleeps).isEmpty();
	}

	@Test
	void backsOffExponentiallyWithJitter() {
		catchThrowable(() -> call(5, () -> {
			throw unavailable(503);
		}));

		assertThat(this.time.sleeps).hasSize(4);
		assertThat(this.time.sleeps.get(0)).isBetween(500L, 1_000L);
		assertThat(this.time.sleeps.get(1)).isBetween(1_000L, 2_000L);
		assertThat(this.time.sleeps.get(2)).isBetween(2_000L, 4_000L);
		assertThat(this.time.sleeps.get(3)).isBetween(4_000L, 8_000L);
	}

	@Test
	void stopsWhenAttemptsUseUpTheDeadline() {
		catchThrowable(() -> call(10, () -> {
			this.time.advance(Duration.ofSeconds(50));
			throw new OpenRouterException(UpstreamFailure.TIMEOUT, OpenRouterClient.CHAT, 0, null);
		}));

		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void everyCallHasADeadlineOfItsOwn() {
		RetryTemplate retry = template(10);
		for (int call = 0; call < 2; call++) {
			this.attempts.set(0);
			catchThrowable(() -> retry.execute((context) -> {
				this.attempts.incrementAndGet();
				this.time.advance(Duration.ofSeconds(50));
				throw unavailable(503);
			}));
			assertThat(this.attempts).hasValue(3);
		}
	}

	private <T> T call(int maxAttempts, Supplier<T> attempt) {
		return template(maxAttempts).execute((context) -> {
			this.attempts.incrementAndGet();
			return attempt.get();
		});
	}

	/** Wired as {@code OpenRouterConfiguration.chatRetry}, with the virtual sleeper and clock. */
	private RetryTemplate template(int maxAttempts) {
		ExponentialRandomBackOffPolicy exponential = new ExponentialRandomBackOffPolicy();
		exponential.setInitialInterval(500);
		exponential.setMultiplier(2.0);
		exponential.setMaxInterval(8_000);
		exponential.setSleeper(this.time);
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new ChatRetryPolicy(maxAttempts, DEADLINE, this.time));
		template.setBackOffPolicy(new ChatBackOffPolicy(exponential, this.time));
		template.setThrowLastExceptionOnExhausted(true);
		return template;
	}

	private static OpenRouterException unavailable(int status) {
		return new OpenRouterException(UpstreamFailure.UNAVAILABLE, OpenRouterClient.CHAT, status, "upstream error");
	}

	/** A clock that moves only when the test or a back-off sleeps; each sleep is recorded. */
	private static final class VirtualTime extends MutableClock implements Sleeper {

		private final List<Long> sleeps = new CopyOnWriteArrayList<>();

		VirtualTime(Instant now) {
			super(now);
		}

		@Override
		public void sleep(long millis) {
			this.sleeps.add(millis);
			advance(Duration.ofMillis(millis));
		}

	}

}
