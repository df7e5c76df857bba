package io.autorenew.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which browser origins may call the API ({@code CORS_ALLOWED_ORIGINS}, comma-separated,
 * e.g. {@code https://app.example.com}); none by default.
 *
 * @param allowedOrigins browser origins allowed to call the API, comma-separated. Empty: no cross-origin
 * calls ({@code CORS_ALLOWED_ORIGINS})
 * @param maxAge how long a browser may cache a preflight answer ({@code Access-Control-Max-Age})
 */
@ConfigurationProperties("cors")
record CorsProperties(@DefaultValue("") List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {

	List<String> origins() {
		return this.allowedOrigins.stream().map(String::trim).filter((origin) -> !origin.isEmpty()).toList();
	}

}
