package io.autorenew.demo;

import java.time.Clock;

import io.autorenew.standin.OpenRouterStandIn;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The {@code demo} profile's beans: once the service is ready, it logs curl commands to
 * try it against the built-in OpenRouter stand-in; its page at {@code /} signs in as the
 * demo user and streams an analysis in a browser.
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoEnvironmentPostProcessor.PROFILE)
class DemoConfiguration {

	/** The page may load its own script and style sheet and call this origin, nothing else. */
	static final String PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Bean
	DemoTokens demoTokens(Environment environment, ObjectProvider<Clock> clock) {
		return new DemoTokens(DemoInstructions.jwtSecret(environment), clock.getIfAvailable(Clock::systemUTC));
	}

	/**
	 * The page, its assets and its sign-in need no token. They come before the API's chain;
	 * everything else keeps that chain's rules.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 20)
	SecurityFilterChain demoPageSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/", "/demo/app.js", "/demo/app.css", "/demo/session", "/demo/admin-session")
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(PAGE_CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	DemoInstructions demoInstructions(Environment environment, ObjectProvider<Clock> clock,
			ObjectProvider<OpenRouterStandIn> standIn) {
		return new DemoInstructions(DemoInstructions.jwtSecret(environment), clock.getIfAvailable(Clock::systemUTC),
				standIn.getIfAvailable(), DemoEnvironmentPostProcessor.generated(environment,
						DemoEnvironmentPostProcessor.JWT_SECRET));
	}

}
