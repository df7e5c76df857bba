package io.autorenew.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * Verifies user tokens: HS256 tokens with {@code AUTH_JWT_SECRET}, and, when
 * {@code AUTH_JWT_ISSUER_URI} is set, asymmetric tokens (RS/PS/ES) with the issuer's JWKS.
 * The token's {@code alg} only picks which verifier runs; each verifier accepts only its own
 * algorithms and keys, so {@code alg: none} and algorithm confusion (an HS256 token
 * "signed" with the issuer's public key) are refused. Every token needs {@code exp} and a
 * well-formed {@code sub} and a lifetime of at most {@code AUTH_JWT_MAX_TTL}, whoever signed it;
 * {@code exp} and {@code nbf} allow a small clock skew. The issuer's OpenID configuration is
 * read on the first asymmetric token, not at start-up, so an issuer that is briefly down does
 * not stop the service (its tokens are refused until it answers); its JWK set is fetched at
 * most once per {@code AUTH_JWKS_REFRESH_MIN} ({@link IssuerKeys}).
 * <p>
 * A token that passed every check is remembered, by its exact text (signature included),
 * until it expires, so a client that sends the same token on every request pays for the
 * signature and the claims once ({@link #VERIFIED_TOKENS} at most, least recently used
 * forgotten first).
 */
final class TokenDecoder implements JwtDecoder {

	private static final Logger log = LoggerFactory.getLogger(TokenDecoder.class);

	/** Tolerated difference between the token issuer's clock and ours. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	/** What a user id (the token's {@code sub}) may look like. */
	static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@|:-]{1,128}");

	/** The form of issuer users' ids, which an HS256 {@code sub} may not take. */
	static final Pattern ISSUER_USER_ID = Pattern.compile("oidc-[0-9a-f]{8}:.*");

	/** How many verified tokens are remembered (a few hundred bytes each, with their claims). */
	static final int VERIFIED_TOKENS = 10_000;

	private final JwtDecoder hmac;

	/** Tokens signed with {@code AUTH_JWT_SECRET_PREVIOUS} during a rotation; {@code null} otherwise. */
	private final JwtDecoder previousHmac;

	private final JwtDecoder issuer;

	private final Clock clock;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS).build();

	TokenDecoder(AuthProperties auth, Clock clock) {
		this(auth, new JwksProperties(java.time.Duration.ofSeconds(30)), clock);
	}

	TokenDecoder(AuthProperties auth, JwksProperties jwks, Clock clock) {
		this.clock = clock;
		this.hmac = hmac(auth.secretBytes(), auth, clock);
		this.previousHmac = (auth.previousSecretBytes() != null) ? hmac(auth.previousSecretBytes(), auth, clock)
				: null;
		if (auth.hasIssuer()) {
			this.issuer = new SupplierJwtDecoder(() -> {
				NimbusJwtDecoder oidc = NimbusJwtDecoder
					.withJwkSource(IssuerKeys.of(auth.jwtIssuerUri(), jwks.refreshMin()))
					.jwsAlgorithms((algorithms) -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
							SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256,
							SignatureAlgorithm.ES256, SignatureAlgorithm.ES384)))
					.build();
				oidc.setJwtValidator(validators(auth, clock, TokenSource.ISSUER));
				return oidc;
			});
		}
		else {
			this.issuer = null;
		}
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null) {
			if (isLive(known)) {
				return known;
			}
			this.verified.invalidate(token);
		}
		Jwt jwt = verify(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	/** Whether a token verified earlier is still within its lifetime (and the skew allowed). */
	private boolean isLive(Jwt token) {
		Instant expiresAt = token.getExpiresAt();
		return expiresAt != null && !this.clock.instant().isAfter(expiresAt.plus(CLOCK_SKEW));
	}

	private Jwt verify(String token) {
		JWSAlgorithm algorithm = algorithm(token);
		if (JWSAlgorithm.HS256.equals(algorithm)) {
			if (this.previousHmac == null) {
				return this.hmac.decode(token);
			}
			try {
				return this.hmac.decode(token);
			}
			catch (BadJwtException notThisSecret) {
				if (!isSignatureFailure(notThisSecret)) {
					throw notThisSecret;
				}
				return this.previousHmac.decode(token);
			}
		}
		if (this.issuer != null && algorithm != null && !JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
			try {
				return this.issuer.decode(token);
			}
			catch (JwtDecoderInitializationException unreachable) {
				log.warn("The token issuer's OpenID configuration could not be read: {}", unreachable.getMessage());
				throw new BadJwtException("Token issuer unavailable");
			}
			catch (JwtException keys) {
				if (keys instanceof BadJwtException) {
					throw keys;
				}
				// The JWK set could not be had: rate-limited (an unknown key id before AUTH_JWKS_REFRESH_MIN
				// passed) or the issuer is down. The token is refused like any unverifiable one.
				log.debug("Issuer token refused: its signing key is not in the cached JWK set ({})",
						keys.getClass().getSimpleName());
				throw new BadJwtException("Signing key not available", keys);
			}
		}
		throw new BadJwtException("Unsupported token algorithm");
	}

	private static JwtDecoder hmac(byte[] secret, AuthProperties auth, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(validators(auth, clock, TokenSource.HS256));
		return decoder;
	}

	/** Whether the current secret refused the token's signature (not its claims). */
	private static boolean isSignatureFailure(BadJwtException refused) {
		for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
			if (cause instanceof com.nimbusds.jose.proc.BadJWSException) {
				return true;
			}
		}
		return false;
	}

	private static JWSAlgorithm algorithm(String token) {
		try {
			return (JWTParser.parse(token).getHeader().getAlgorithm() instanceof JWSAlgorithm jws) ? jws : null;
		}
		catch (ParseException ex) {
			throw new BadJwtException("Malformed token", ex);
		}
	}

	private static OAuth2TokenValidator<Jwt> validators(AuthProperties auth, Clock clock, TokenSource source) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(timestamps);
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB,
				(sub) -> sub != null && USER_ID.matcher(sub).matches()));
		validators.add(new MaxLifetimeValidator(auth.jwtMaxTtl(), clock));
		if (source == TokenSource.ISSUER) {
			validators.add(new JwtIssuerValidator(auth.jwtIssuerUri()));
		}
		else {
			validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB,
					(sub) -> sub != null && !ISSUER_USER_ID.matcher(sub).matches()));
			if (auth.checksHs256Issuer()) {
				validators.add(new JwtIssuerValidator(auth.jwtIssuer()));
			}
		}
		if (auth.hasAudience()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(audience) -> audience != null && audience.contains(auth.jwtAudience())));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
