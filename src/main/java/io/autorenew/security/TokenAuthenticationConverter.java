package io.autorenew.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a verified token is and what it may do.
 * <ul>
 * <li>The user id is the {@code sub} of an HS256 token as it is, and
 * {@code oidc-<8 hex of SHA-256(issuer URI)>:<sub>} for an issuer's token: one id space per
 * source, so an issuer's {@code sub=alice} is never the HS256 user {@code alice}. HS256 ids
 * keep their form, so their stored keys need no migration; an HS256 {@code sub} in the issuer
 * form is refused by {@link TokenDecoder}.</li>
 * <li>Admin comes from one place: the configured claim holding the configured value, on a
 * token of the configured source. A token from the other source is a plain user whatever its
 * claims say.</li>
 * </ul>
 */
final class TokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	/** The one authority the service grants; admin paths and health details require it. */
	static final String ADMIN = "SCOPE_admin";

	private static final List<GrantedAuthority> ADMIN_AUTHORITIES = List.of(new SimpleGrantedAuthority(ADMIN));

	private final AuthProperties auth;

	private final String issuerPrefix;

	TokenAuthenticationConverter(AuthProperties auth) {
		this.auth = auth;
		this.issuerPrefix = auth.hasIssuer() ? issuerPrefix(auth.jwtIssuerUri()) : null;
	}

	/** How the ids of an issuer's users begin: {@code oidc-<8 hex>:}. */
	static String issuerPrefix(String issuerUri) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(issuerUri.getBytes(StandardCharsets.UTF_8));
			return "oidc-" + HexFormat.of().formatHex(digest, 0, 4) + ":";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt token) {
		TokenSource source = TokenSource.of(token);
		String userId = (source == TokenSource.ISSUER) ? this.issuerPrefix + token.getSubject() : token.getSubject();
		return new JwtAuthenticationToken(token, isAdmin(token, source) ? ADMIN_AUTHORITIES : List.of(), userId);
	}

	private boolean isAdmin(Jwt token, TokenSource source) {
		return source == this.auth.admins() && holds(token.getClaims().get(this.auth.adminClaim()));
	}

	private boolean holds(Object claim) {
		String value = this.auth.adminValue();
		if (claim instanceof String text) {
			return List.of(text.split(" ")).contains(value);
		}
		if (claim instanceof Collection<?> values) {
			return values.stream().anyMatch((each) -> value.equals(each));
		}
		return false;
	}

}
