package io.autorenew.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies the per-user rate limit to the analysis API before the body is read. The user is
 * the authenticated token's subject.
 */
final class RateLimitInterceptor implements HandlerInterceptor {

	private final UserRateLimiter limiter;

	RateLimitInterceptor(UserRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated()) {
			return true;
		}
		UserRateLimiter.Taken taken = this.limiter.take(user.getName());
		response.setHeader("X-RateLimit-Limit", Long.toString(this.limiter.limit()));
		response.setHeader("X-RateLimit-Remaining", Long.toString(Math.max(0, taken.remaining())));
		if (!taken.consumed()) {
			throw new RateLimitedException(Duration.ofNanos(taken.nanosToWait()));
		}
		return true;
	}

}
