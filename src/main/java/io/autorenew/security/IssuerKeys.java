package io.autorenew.security;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issuer's signing keys: its OpenID configuration is read once (its {@code issuer} must be
 * the configured one), then its JWK set comes through Nimbus's own JWK source, cached for
 * {@link #CACHE_FOR}, fetched again at most once per {@code AUTH_JWKS_REFRESH_MIN} (a token
 * with an unknown key id is refused from the cache meanwhile), and kept for
 * {@link #OUTAGE_TOLERANCE} while the issuer is down.
 */
final class IssuerKeys {

	static final Duration CACHE_FOR = Duration.ofMinutes(5);

	static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private IssuerKeys() {
	}

	/**
	 * @throws IllegalStateException when the OpenID configuration cannot be read or names another issuer
	 */
	static JWKSource<SecurityContext> of(String issuer, Duration refreshMin) {
		URL jwks = jwksUri(issuer);
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(Math.toIntExact(TIMEOUT.toMillis()),
				Math.toIntExact(TIMEOUT.toMillis()), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
		return JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
			.cache(CACHE_FOR.toMillis(), TIMEOUT.toMillis())
			.rateLimited(refreshMin.toMillis())
			.outageTolerant(OUTAGE_TOLERANCE.toMillis())
			.retrying(false)
			.build();
	}

	private static URL jwksUri(String issuer) {
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
			.timeout(TIMEOUT)
			.GET()
			.build();
		HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		try {
			HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException("OpenID configuration of " + issuer + " answered " + answer.statusCode());
			}
			JsonNode configuration = JsonMapper.shared().readTree(answer.body());
			String named = configuration.path("issuer").asString("");
			if (!named.equals(issuer) && !named.equals(base)) {
				throw new IllegalStateException("OpenID configuration of " + issuer + " names another issuer");
			}
			return URI.create(configuration.path("jwks_uri").asString("")).toURL();
		}
		catch (IOException | IllegalArgumentException | tools.jackson.core.JacksonException ex) {
			throw new IllegalStateException("OpenID configuration of " + issuer + " cannot be read: "
					+ ex.getClass().getSimpleName(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading the OpenID configuration of " + issuer, ex);
		}
	}

}
