package io.autorenew.security;

import java.net.URI;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where callers reach the service.
 *
 * @param baseUrl the service's public base URL, as callers reach it (e.g. {@code https://api.example.com}): the
 * {@code resource} of the RFC 9728 metadata at {@code /.well-known/oauth-protected-resource}. Never taken from
 * a request's {@code Host} header. An absolute http(s) URL; anything else stops start-up
 * ({@code PUBLIC_BASE_URL})
 */
@ConfigurationProperties("public")
record PublicProperties(@DefaultValue("http://localhost:8080") URI baseUrl) {

	PublicProperties {
		String scheme = baseUrl.getScheme();
		if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null) {
			throw new InvalidSettingException("PUBLIC_BASE_URL must be an absolute http(s) URL such as "
					+ "https://api.example.com, not '" + baseUrl + "'");
		}
	}

	/** The base URL without a trailing slash. */
	String resource() {
		String url = this.baseUrl.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
