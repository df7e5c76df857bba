package io.autorenew.openrouter;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a chat call is retried when OpenRouter is briefly unable to answer.
 *
 * @param maxAttempts attempts per chat call, the first included (at least 1); only retryable failures are
 * tried again ({@code OPENROUTER_MAX_ATTEMPTS})
 * @param deadline a chat retry, or the wait a 429 asks for, may start only before this much time has passed
 * since the call began; a 429 whose wait would pass it is answered at once. It bounds when attempts start,
 * not how long the last one runs (see AUTO_RENEWAL_GUIDE.md, Failure modes)
 * ({@code OPENROUTER_REQUEST_DEADLINE})
 * @param initialBackOff the first wait between chat attempts; each next one doubles, up to the longest wait,
 * and each is stretched by a random factor between 1 and 2 (jitter), then capped at it
 * @param maxBackOff the longest wait between chat attempts
 */
@ConfigurationProperties("openrouter.retry")
record OpenRouterRetryProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("120s") Duration deadline,
		@DefaultValue("500ms") Duration initialBackOff, @DefaultValue("8s") Duration maxBackOff) {

	public OpenRouterRetryProperties {
		if (maxAttempts < 1) {
			throw new InvalidSettingException("OPENROUTER_MAX_ATTEMPTS must be at least 1");
		}
		if (deadline.isNegative() || deadline.isZero()) {
			throw new InvalidSettingException("OPENROUTER_REQUEST_DEADLINE must be a positive duration such as 120s");
		}
	}

}
