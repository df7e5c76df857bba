package io.autorenew.security;

import java.time.Duration;

import io.autorenew.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the issuer's JWK set is fetched, so that tokens nobody signed never hammer the identity
 * provider.
 *
 * @param refreshMin the shortest time between two fetches of the issuer's JWK set: a token with a key id the
 * cached set does not hold is refused from the cache until then, however many arrive
 * ({@code AUTH_JWKS_REFRESH_MIN})
 */
@ConfigurationProperties("auth.jwks")
record JwksProperties(@DefaultValue("30s") Duration refreshMin) {

	JwksProperties {
		if (refreshMin.isNegative() || refreshMin.isZero()) {
			throw new InvalidSettingException("AUTH_JWKS_REFRESH_MIN must be a positive duration such as 30s");
		}
	}

}
