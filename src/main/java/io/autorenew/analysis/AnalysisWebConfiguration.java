package io.autorenew.analysis;

import java.time.Clock;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the per-user rate limit in front of the analysis API. */
@Configuration(proxyBeanMethods = false)
class AnalysisWebConfiguration implements WebMvcConfigurer {

	private final RateLimitInterceptor rateLimit;

	AnalysisWebConfiguration(RateLimitProperties properties, Clock clock) {
		this.rateLimit = new RateLimitInterceptor(new UserRateLimiter(properties.perMinute(), clock));
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.rateLimit).addPathPatterns("/analysis", "/analysis/**");
	}

}
