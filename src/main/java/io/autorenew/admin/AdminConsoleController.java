package io.autorenew.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.autorenew.InvalidSettingException;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin console at {@code /admin/}: one HTML page, its script and style sheet, from the jar
 * ({@code src/main/resources/console/}), and uPlot for its charts from its WebJar. The page needs
 * no token to load; everything it shows comes from the admin API with the token the operator
 * signs in with.
 */
@RestController
class AdminConsoleController {

	static final String[] PATHS = { "/admin/", "/admin/console.js", "/admin/console.css", "/admin/console-config",
			"/webjars/uplot/**" };

	private final byte[] page = read("console/index.html");

	private final byte[] script = read("console/console.js");

	private final byte[] styles = read("console/console.css");

	private final ConsoleConfig config;

	AdminConsoleController(ConsoleProperties console, Environment environment) {
		String issuer = environment.getProperty("auth.jwt-issuer-uri", "");
		if (console.signsInWithTheIssuer() && issuer.isBlank()) {
			throw new InvalidSettingException("CONSOLE_OIDC_CLIENT_ID is set but AUTH_JWT_ISSUER_URI is not");
		}
		this.config = console.signsInWithTheIssuer()
				? new ConsoleConfig(issuer, console.oidcClientId(), console.oidcScope()) : new ConsoleConfig(null, null, null);
	}

	/** What the console's page needs before anyone signs in: the identity provider to offer, if any. */
	@GetMapping(path = "/admin/console-config", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(hidden = true)
	ConsoleConfig config() {
		return this.config;
	}

	@GetMapping(path = "/admin/", produces = MediaType.TEXT_HTML_VALUE)
	@Operation(hidden = true)
	ResponseEntity<byte[]> page() {
		return asset(this.page, "text/html;charset=UTF-8");
	}

	@GetMapping(path = "/admin/console.js", produces = "text/javascript")
	@Operation(hidden = true)
	ResponseEntity<byte[]> script() {
		return asset(this.script, "text/javascript;charset=UTF-8");
	}

	@GetMapping(path = "/admin/console.css", produces = "text/css")
	@Operation(hidden = true)
	ResponseEntity<byte[]> styles() {
		return asset(this.styles, "text/css;charset=UTF-8");
	}

	/**
	 * The console's sign-in with the identity provider (authorization code with PKCE), or all
	 * {@code null} for none.
	 *
	 * @param issuer {@code AUTH_JWT_ISSUER_URI}
	 * @param clientId {@code CONSOLE_OIDC_CLIENT_ID}
	 * @param scope {@code CONSOLE_OIDC_SCOPE}
	 */
	record ConsoleConfig(String issuer, String clientId, String scope) {
	}

	private static ResponseEntity<byte[]> asset(byte[] body, String type) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(type))
			.cacheControl(CacheControl.noCache())
			.body(body);
	}

	private static byte[] read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The console's " + path + " is missing from the jar", ex);
		}
	}

}
