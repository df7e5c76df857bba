package io.autorenew.web;

import java.time.Clock;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the per-user rate limit in front of the APIs that spend credits: the analysis API and
 * the OpenAI-compatible one share each user's bucket.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration implements WebMvcConfigurer {

	private final RateLimitInterceptor rateLimit;

	RateLimitConfiguration(RateLimitProperties properties, Clock clock) {
		this.rateLimit = new RateLimitInterceptor(new UserRateLimiter(properties.perMinute(), clock));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.rateLimit).addPathPatterns("/analysis", "/analysis/**", "/v1/**");
	}

}
