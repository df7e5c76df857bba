package io.autorenew.security;

import java.io.IOException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs just after Spring Security has authenticated the request: puts the user's id hash
 * ({@link RequestIds#userHash}) in the MDC, so every log line of the request names the user
 * without their subject, and on the request for its access log line. Hashes are remembered
 * per user ({@link #USERS} at most), so a request costs no digest.
 */
final class UserLogContextFilter extends OncePerRequestFilter {

	static final int USERS = 100_000;

	private final Cache<String, String> hashes = Caffeine.newBuilder().maximumSize(USERS).build();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user instanceof JwtAuthenticationToken && user.isAuthenticated()) {
			String hash = this.hashes.get(user.getName(), RequestIds::userHash);
			request.setAttribute(RequestIds.USER_MDC_KEY, hash);
			MDC.put(RequestIds.USER_MDC_KEY, hash);
		}
		chain.doFilter(request, response);
	}

}
