package io.autorenew.security;

import java.time.Clock;
import java.util.List;

import io.autorenew.web.ProblemWriter;
import io.autorenew.web.RequestIds;
import io.autorenew.web.SecurityHeaders;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadataClaimNames;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Every path but health needs a valid token; admin paths and other actuator endpoints need
 * the {@code admin} scope. Stateless: no session, no CSRF token (no cookies are ever read).
 * Browsers from {@code CORS_ALLOWED_ORIGINS} may call the API; every answer carries
 * security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] API_DOCS_PATHS = { "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
			"/swagger-ui.html", "/swagger-ui/**" };

	/**
	 * Also the firewall's {@code RequestRejectedHandler} (the one bean of that type): refused
	 * requests (encoded slashes, {@code ..}, odd methods) get a 400 problem.
	 */
	@Bean
	SecurityProblemHandler securityProblemHandler(ProblemWriter problems) {
		return new SecurityProblemHandler(problems);
	}

	/** Spring Security's strict firewall, its header rules read without regular expressions. */
	@Bean
	HttpFirewall httpFirewall() {
		return FirewallHeaders.firewall();
	}

	/**
	 * The API description ({@code /v3/api-docs}) and Swagger UI: public (they are served for
	 * GET only; other methods get the usual 405), and the one place whose pages may load their
	 * own scripts, styles and images. Off with
	 * {@code API_DOCS_ENABLED=false}, when springdoc serves nothing here (404).
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	SecurityFilterChain apiDocsSecurity(HttpSecurity http, SecurityProblemHandler problems) throws Exception {
		http.securityMatcher(API_DOCS_PATHS)
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(SecurityHeaders.API_DOCS_CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * No Micrometer observation around each security filter, the authentication and the
	 * authorization: spans and timers nobody reads, whose wrappers still ran around every
	 * filter of every request when the observations were only turned off by property (issue
	 * 24's profile). Requests are still timed as a whole ({@code http.server.requests}), calls
	 * to OpenRouter too ({@code http.client.requests}).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProblemHandler problems, CorsProperties cors,
			AuthProperties auth, ObjectMapper json, ProblemWriter bodies, PublicProperties address) throws Exception {
		CorsFilter corsFilter = new CorsFilter(corsConfiguration(cors));
		corsFilter.setCorsProcessor(new ProblemCorsProcessor(bodies));
		http.csrf(AbstractHttpConfigurer::disable)
			.cors(AbstractHttpConfigurer::disable)
			// a stateless API: no logout page and no saved request to replay after a login, two
			// filters fewer on every request (the servlet API filter stays: controllers take the
			// request's principal)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.addFilterBefore(corsFilter, BearerTokenAuthenticationFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.OPTIONS, "/analysis", "/analysis/**")
				.permitAll()
				.requestMatchers("/admin/**", "/actuator/**")
				.hasAuthority(TokenAuthenticationConverter.ADMIN)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.bearerTokenResolver(new ApiKeyTokenResolver())
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(new TokenAuthenticationConverter(auth)))
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> describe(resource, auth, address)))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * RFC 9728 metadata, which Spring Security 7 serves without a token at
	 * {@code /.well-known/oauth-protected-resource}: the resource at {@code PUBLIC_BASE_URL} (never
	 * the request's {@code Host}), the issuer whose tokens the service takes
	 * (none for HS256-only deployments, whose tokens come from no authorization server), the
	 * one scope it knows, and bearer tokens in the header only. Tokens are not bound to
	 * client certificates, so that claim is left out.
	 */
	private static void describe(OAuth2ProtectedResourceMetadata.Builder resource, AuthProperties auth,
			PublicProperties address) {
		resource.resource(address.resource())
			.resourceName("analysis-service")
			.claims((claims) -> claims.remove(OAuth2ProtectedResourceMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS))
			.scopes((scopes) -> {
				scopes.clear();
				scopes.add("admin");
			})
			.bearerMethods((methods) -> {
				methods.clear();
				methods.add("header");
			});
		if (auth.hasIssuer()) {
			resource.authorizationServers((servers) -> {
				servers.clear();
				servers.add(auth.jwtIssuerUri());
			});
		}
	}

	/** Names the signed-in user (hashed) on the request's log lines, once security has authenticated it. */
	@Bean
	FilterRegistrationBean<UserLogContextFilter> userLogContextFilter() {
		FilterRegistrationBean<UserLogContextFilter> registration = new FilterRegistrationBean<>(
				new UserLogContextFilter());
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	@Bean
	JwtDecoder jwtDecoder(AuthProperties auth, JwksProperties jwks, Clock clock) {
		return new TokenDecoder(auth, jwks, clock);
	}

	static CorsConfigurationSource corsConfiguration(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		// Registered even with no origins: then every cross-origin request is refused (403
		// cors_rejected), not let through unchecked.
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.origins());
		cors.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, RequestIds.HEADER));
		cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, "X-RateLimit-Limit", "X-RateLimit-Remaining",
				RequestIds.HEADER));
		cors.setMaxAge(properties.maxAge());
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
