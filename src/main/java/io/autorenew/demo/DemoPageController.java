package io.autorenew.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's page at {@code /}: one HTML file with its script and style sheet, and the
 * sign-in it uses ({@code POST /demo/session}), which hands out a short-lived token for the
 * demo user. Only under the {@code demo} profile, whose OpenRouter is the stand-in.
 */
@RestController
@Profile(DemoEnvironmentPostProcessor.PROFILE)
@Tag(name = "demo", description = "Demo profile only: the page at / and its sign-in")
class DemoPageController {

	static final Duration SESSION_LIFETIME = Duration.ofHours(1);

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private final DemoTokens tokens;

	private final byte[] page = read("demo/index.html");

	private final byte[] script = read("demo/app.js");

	private final byte[] styles = read("demo/app.css");

	DemoPageController(DemoTokens tokens) {
		this.tokens = tokens;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	@Operation(summary = "The demo page", description = "Signs in as the demo user, streams an analysis and shows "
			+ "the user's key status.")
	@SecurityRequirements
	ResponseEntity<byte[]> page() {
		return asset(this.page, MediaType.parseMediaType("text/html;charset=UTF-8"));
	}

	@GetMapping(path = "/demo/app.js", produces = "text/javascript")
	@Operation(hidden = true)
	ResponseEntity<byte[]> script() {
		return asset(this.script, JAVASCRIPT);
	}

	@GetMapping(path = "/demo/app.css", produces = "text/css")
	@Operation(hidden = true)
	ResponseEntity<byte[]> styles() {
		return asset(this.styles, CSS);
	}

	/** A token for the demo user, valid for an hour: what the page signs in with. */
	@PostMapping(path = "/demo/session", produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirements
	@Operation(summary = "Sign in as the demo user",
			description = "A bearer token for `demo-user`, valid for an hour. Paste it under Authorize to try the "
					+ "API from this page.")
	Session session() throws JOSEException {
		DemoTokens.Signed signed = this.tokens.user(SESSION_LIFETIME);
		return new Session(DemoTokens.USER, signed.token(), signed.expiresAt());
	}

	/** A token for the demo admin, valid for an hour: what the page's link to the admin console signs in with. */
	@PostMapping(path = "/demo/admin-session", produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirements
	@Operation(summary = "Sign in as the demo admin",
			description = "A bearer token for `demo-admin` (admin scope), valid for an hour: the demo page's link to the "
					+ "admin console at `/admin/` signs in with it.")
	Session adminSession() throws JOSEException {
		DemoTokens.Signed signed = this.tokens.admin(SESSION_LIFETIME);
		return new Session(DemoTokens.ADMIN, signed.token(), signed.expiresAt());
	}

	private static ResponseEntity<byte[]> asset(byte[] body, MediaType type) {
		return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(body);
	}

	private static byte[] read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The demo page's " + path + " is missing from the build", ex);
		}
	}

	/** The demo user's sign-in. */
	record Session(String userId, String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "Session[userId=" + this.userId + ", token=(hidden), expiresAt=" + this.expiresAt + "]";
		}

	}

}
