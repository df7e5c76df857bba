package io.autorenew.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An identity provider over real HTTP on a loopback port, as a browser meets one: OIDC discovery
 * and a JWK set (both with CORS), an authorization endpoint that consents at once and sends the
 * browser back with a code, and a token endpoint that gives an RS256 access token only for that
 * code, that redirect URI and a {@code code_verifier} whose SHA-256 is the {@code code_challenge}.
 * The operator it signs in carries {@code roles: [ROLE]}.
 */
final class PkceIssuerStub implements AutoCloseable {

	static final String CLIENT_ID = "admin-console";

	static final String AUDIENCE = "analysis-service-api";

	static final String ROLE = "analysis-operator";

	private final HttpServer server;

	private final RSAKey key;

	private final Map<String, String[]> codes = new ConcurrentHashMap<>();

	final AtomicInteger verifiedExchanges = new AtomicInteger();

	final AtomicInteger refusedExchanges = new AtomicInteger();

	PkceIssuerStub() throws IOException, JOSEException {
		this.key = new RSAKeyGenerator(2048).keyID("console-issuer").generate();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
		this.server.createContext("/.well-known/openid-configuration", (exchange) -> json(exchange, 200, """
				{"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
				 "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
				 "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"]}"""
			.formatted(issuer())));
		this.server.createContext("/jwks", (exchange) -> json(exchange, 200, new JWKSet(this.key.toPublicJWK()).toString()));
		this.server.createContext("/authorize", this::authorize);
		this.server.createContext("/token", this::token);
		this.server.start();
	}

	String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		if (!CLIENT_ID.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))
				|| !"code".equals(query.get("response_type"))) {
			json(exchange, 400, "{\"error\":\"invalid_request\"}");
			return;
		}
		String code = UUID.randomUUID().toString();
		this.codes.put(code, new String[] { query.get("code_challenge"), query.get("redirect_uri") });
		URI back = URI.create(query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state"));
		exchange.getResponseHeaders().add("Location", back.toString());
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> body;
		try (InputStream in = exchange.getRequestBody()) {
			body = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		String[] issued = this.codes.remove(String.valueOf(body.get("code")));
		if (issued == null || !issued[1].equals(body.get("redirect_uri")) || !CLIENT_ID.equals(body.get("client_id"))
				|| !issued[0].equals(challenge(body.get("code_verifier")))) {
			this.refusedExchanges.incrementAndGet();
			json(exchange, 400, "{\"error\":\"invalid_grant\"}");
			return;
		}
		this.verifiedExchanges.incrementAndGet();
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject("ops")
			.audience(AUDIENCE)
			.claim("roles", List.of(ROLE))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(this.key));
			json(exchange, 200, "{\"access_token\":\"" + jwt.serialize() + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
		}
		catch (JOSEException ex) {
			json(exchange, 500, "{\"error\":\"server_error\"}");
		}
	}

	private static String challenge(String verifier) {
		if (verifier == null) {
			return "";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	/** A JSON answer a page of another origin may read (CORS), as identity providers answer browsers. */
	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
