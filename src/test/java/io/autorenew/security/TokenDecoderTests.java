package io.autorenew.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.autorenew.support.MutableClock;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decoder remembers tokens it verified: the same text is not verified twice while it
 * lives, and remembering changes no answer (expiry still counts, another text is verified).
 */
class TokenDecoderTests {

	private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final TokenDecoder decoder = new TokenDecoder(new AuthProperties(Tokens.SECRET, "", Duration.ofHours(24),
			"", "", "hs256", "scope", "admin", ""), this.clock);

	@Test
	void aVerifiedTokenIsRememberedWhileItLives() {
		String token = token("alice", NOW.plus(Duration.ofMinutes(10)));

		Jwt first = this.decoder.decode(token);
		Jwt again = this.decoder.decode(token);

		assertThat(again).isSameAs(first);
		assertThat(again.getSubject()).isEqualTo("alice");
	}

	@Test
	void aRememberedTokenIsAcceptedUntilItsExpiryPlusTheSkewAndRefusedJustAfter() {
		Instant expiry = NOW.plus(Duration.ofMinutes(10));
		String token = token("alice", expiry);
		this.decoder.decode(token);

		this.clock.setInstant(expiry.plus(TokenDecoder.CLOCK_SKEW));
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo("alice");

		this.clock.setInstant(expiry.plus(TokenDecoder.CLOCK_SKEW).plusMillis(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token));
	}

	@Test
	void anotherSignatureOnTheSameClaimsIsVerifiedAfresh() {
		String token = token("alice", NOW.plus(Duration.ofMinutes(10)));
		this.decoder.decode(token);
		String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(forged));
	}

	@Test
	void aRefusedTokenIsNotRememberedAsVerified() {
		String early = Tokens.sign(Tokens.SECRET, Tokens.claims("alice", null, NOW.plus(Duration.ofHours(1)))
			.issueTime(Date.from(NOW))
			.notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5)))));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(early));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.decoder.decode(early).getSubject()).isEqualTo("alice");
	}

	private static String token(String subject, Instant expiry) {
		return Tokens.sign(Tokens.SECRET, Tokens.claims(subject, null, expiry).issueTime(Date.from(NOW)));
	}

}
