package io.autorenew.admin;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's page and assets load without a token, before the API's chain (other methods get
 * the usual 405); the
 * admin API they call keeps that chain's rules. Their content security policy lets the page run
 * its own script and the chart library's, and call this origin only.
 */
@Configuration(proxyBeanMethods = false)
class AdminConsoleSecurity {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'%s; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

	/**
	 * The page's policy: it may call this origin, and the identity provider's where the console
	 * signs in with it (its discovery document and token endpoint, on the issuer's origin).
	 */
	static String contentSecurityPolicy(ConsoleProperties console, String issuer) {
		if (!console.signsInWithTheIssuer() || issuer.isBlank()) {
			return CONTENT_SECURITY_POLICY.formatted("");
		}
		URI uri = URI.create(issuer);
		String origin = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		return CONTENT_SECURITY_POLICY.formatted(" " + origin);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 30)
	SecurityFilterChain adminConsolePages(HttpSecurity http, ConsoleProperties console, Environment environment)
			throws Exception {
		String policy = contentSecurityPolicy(console, environment.getProperty("auth.jwt-issuer-uri", ""));
		http.securityMatcher(AdminConsoleController.PATHS)
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(policy))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}
