package io.autorenew.web;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many analysis calls one user may make.
 *
 * @param perMinute calls per user per minute to {@code /analysis}, {@code /analysis/key} and every
 * {@code /v1/} path, one token bucket per user refilled continuously (at least 1); with {@code MONGODB_URI}
 * set, for the whole fleet ({@code RATE_LIMIT_PER_MINUTE})
 */
@ConfigurationProperties("rate-limit")
record RateLimitProperties(@DefaultValue("30") long perMinute) {

	RateLimitProperties {
		if (perMinute < 1) {
			throw new InvalidSettingException("RATE_LIMIT_PER_MINUTE must be at least 1");
		}
	}

}
