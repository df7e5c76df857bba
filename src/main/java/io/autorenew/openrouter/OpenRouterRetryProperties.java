package io.autorenew.openrouter;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a chat call is retried when OpenRouter is briefly unable to answer.
 *
 * @param maxAttempts attempts per call, the first included ({@code OPENROUTER_MAX_ATTEMPTS})
 * @param deadline all attempts and waits of one call fit in this ({@code OPENROUTER_REQUEST_DEADLINE})
 * @param initialBackOff first wait between attempts; doubles, with jitter
 * @param maxBackOff longest wait between attempts
 */
@ConfigurationProperties("openrouter.retry")
record OpenRouterRetryProperties(@DefaultValue("3") int maxAttempts, @DefaultValue("PT120S") Duration deadline,
		@DefaultValue("PT0.5S") Duration initialBackOff, @DefaultValue("PT8S") Duration maxBackOff) {

	public OpenRouterRetryProperties {
		if (maxAttempts < 1) {
			throw new InvalidSettingException("OPENROUTER_MAX_ATTEMPTS must be at least 1");
		}
		if (deadline.isNegative() || deadline.isZero()) {
			throw new InvalidSettingException("OPENROUTER_REQUEST_DEADLINE must be a positive duration such as PT120S");
		}
	}

}
