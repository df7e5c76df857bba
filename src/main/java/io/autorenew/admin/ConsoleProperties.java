package io.autorenew.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How operators sign in to the admin console besides pasting a token.
 *
 * @param oidcClientId the console's client id at the identity provider of {@code AUTH_JWT_ISSUER_URI} (a public
 * client with PKCE, its redirect URI {@code <the service's address>/admin/}); empty = no "Sign in with" button
 * ({@code CONSOLE_OIDC_CLIENT_ID})
 * @param oidcScope the scopes the console asks for ({@code CONSOLE_OIDC_SCOPE})
 */
@ConfigurationProperties("console")
record ConsoleProperties(@DefaultValue("") String oidcClientId, @DefaultValue("openid") String oidcScope) {

	boolean signsInWithTheIssuer() {
		return !this.oidcClientId.isBlank();
	}

}
