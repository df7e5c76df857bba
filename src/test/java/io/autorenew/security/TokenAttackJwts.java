package io.autorenew.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Builds the tokens an attacker (or a real identity provider) would send, for
 * {@link TokenAttackIntegrationTests} and {@link OidcIssuerIntegrationTests}: signed with any
 * algorithm and key, or not signed at all.
 */
final class TokenAttackJwts {

	private static final Map<String, RSAKey> KEYS = new ConcurrentHashMap<>();

	private TokenAttackJwts() {
	}

	/** {@code sub}, {@code iat} and an {@code exp} one hour ahead. */
	static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))));
	}

	static String hs256(byte[] secret, JWTClaimsSet claims) {
		try {
			return sign(new JWSHeader(JWSAlgorithm.HS256), new MACSigner(secret), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String hs256(String secret, JWTClaimsSet claims) {
		return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
	}

	static String rs256(RSAKey key, JWTClaimsSet claims) {
		return rs256(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
	}

	static String rs256(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
		try {
			return sign(header, new RSASSASigner(key), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code header.claims.signature} with a signature of RS256's length that no key made: what a
	 * token signed by a key the issuer never published looks like to a service without that key.
	 */
	static String rs256ByNobody(String keyId, JWTClaimsSet claims) {
		byte[] signature = new byte[256];
		ThreadLocalRandom.current().nextBytes(signature);
		return base64("{\"alg\":\"RS256\",\"kid\":\"" + keyId + "\"}") + "." + base64(claims.toString()) + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	/** {@code header.claims.} with the header as written and no signature. */
	static String unsigned(String headerJson, JWTClaimsSet claims) {
		return base64(headerJson) + "." + base64(claims.toString()) + ".";
	}

	/**
	 * An RSA key named {@code name}, with {@code name} as its key id: made once per test JVM (a
	 * 2048-bit key costs a second of CPU or more on the tests' C1-only JIT), so each name is one key.
	 */
	static RSAKey rsaKey(String name) {
		return rsaKey(name, name);
	}

	/** The key named {@code name}, under the key id {@code keyId}: e.g. an impostor's key with the issuer's id. */
	static RSAKey rsaKey(String name, String keyId) {
		RSAKey key = KEYS.computeIfAbsent(name, (any) -> {
			try {
				return new RSAKeyGenerator(2048).generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return new RSAKey.Builder(key).keyID(keyId).build();
	}

	/** The public key as X.509 DER bytes, the usual "secret" of an algorithm-confusion attack. */
	static byte[] publicKeyBytes(RSAKey key) {
		try {
			return key.toRSAPublicKey().getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public key in PEM, as a JWKS or a discovery page would let anyone copy it. */
	static byte[] publicKeyPem(RSAKey key) {
		String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKeyBytes(key))
				+ "\n-----END PUBLIC KEY-----\n";
		return pem.getBytes(StandardCharsets.US_ASCII);
	}

	private static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
