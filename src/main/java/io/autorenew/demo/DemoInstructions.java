package io.autorenew.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import com.nimbusds.jose.JOSEException;
import io.autorenew.standin.OpenRouterStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Logs, once the service is ready, a block of shell commands to try the demo: two freshly
 * signed HS256 tokens (a user and an admin) and curl calls against the real port.
 */
final class DemoInstructions implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(DemoInstructions.class);

	static final String USER = DemoTokens.USER;

	static final String ADMIN = DemoTokens.ADMIN;

	private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

	private final String jwtSecret;

	private final Clock clock;

	private final OpenRouterStandIn standIn;

	private final boolean secretGenerated;

	/**
	 * @param jwtSecret the HMAC secret the service verifies tokens with
	 * @param standIn the demo's standIn, or {@code null} if there is none
	 * @param secretGenerated whether the demo generated that secret at this start
	 */
	DemoInstructions(String jwtSecret, Clock clock, OpenRouterStandIn standIn, boolean secretGenerated) {
		this.jwtSecret = jwtSecret;
		this.clock = clock;
		this.standIn = standIn;
		this.secretGenerated = secretGenerated;
	}

	/** The service's token secret: {@code auth.jwt-secret}, else {@code AUTH_JWT_SECRET}. */
	static String jwtSecret(Environment environment) {
		String secret = environment.getProperty("auth.jwt-secret");
		return StringUtils.hasText(secret) ? secret : environment.getProperty(DemoEnvironmentPostProcessor.JWT_SECRET);
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		int port = environment.getProperty("local.server.port", Integer.class,
				environment.getProperty("server.port", Integer.class, 8080));
		try {
			logger.info("{}", render(port));
		}
		catch (JOSEException | RuntimeException ex) {
			logger.warn("Cannot sign the demo tokens: auth.jwt-secret must have at least 32 bytes for HS256 ({})",
					ex.getClass().getSimpleName());
		}
	}

	/** The block of instructions, with tokens signed now. */
	String render(int port) throws JOSEException {
		String base = "http://localhost:" + port;
		DemoTokens tokens = new DemoTokens(this.jwtSecret, this.clock);
		String userToken = tokens.user(TOKEN_LIFETIME).token();
		String adminToken = tokens.admin(TOKEN_LIFETIME).token();
		String adminKey = base + "/admin/users/" + USER + "/openrouter-key";
		return String.join(System.lineSeparator(), "",
				"Demo ready: OpenRouter is simulated at "
						+ ((this.standIn != null) ? this.standIn.baseUrl() : "OPENROUTER_BASE_URL") + ".",
				"The stand-in " + renewalHint(), tokenLifetime() + " Paste these lines into a shell:", "",
				"export USER_TOKEN=" + userToken, "export ADMIN_TOKEN=" + adminToken,
				"# analyse a prompt as " + USER + " (the first call mints the user's OpenRouter key)",
				"curl -s -X POST " + base + "/analysis -H \"Authorization: Bearer $USER_TOKEN\""
						+ " -H \"Content-Type: application/json\""
						+ " -d '{\"prompt\":\"Summarise: OpenRouter keys renew themselves.\"}'",
				"# show " + USER + "'s current key",
				"curl -s " + base + "/analysis/key -H \"Authorization: Bearer $USER_TOKEN\"",
				"# force a new key for " + USER + " (admin)",
				"curl -s -X POST " + adminKey + " -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"# show " + USER + "'s key (admin)",
				"curl -s " + adminKey + " -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"# " + USER + "'s key events, newest first (admin)",
				"curl -s " + adminKey + "/events -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"# health: public status, and every component with the admin token",
				"curl -s " + base + "/actuator/health",
				"curl -s " + base + "/actuator/health -H \"Authorization: Bearer $ADMIN_TOKEN\"",
				"# the key lifecycle metrics (admin)",
				"curl -s " + base + "/actuator/prometheus -H \"Authorization: Bearer $ADMIN_TOKEN\" | grep ^openrouter_",
				"");
	}

	private String tokenLifetime() {
		String lifetime = "The tokens below are valid for " + TOKEN_LIFETIME.toHours() + " hours";
		return this.secretGenerated ? lifetime + ", or until the next start: the demo signs them with a secret it "
				+ "generates at every start (set AUTH_JWT_SECRET to keep tokens across restarts)." : lifetime + ".";
	}

	private String renewalHint() {
		if (this.standIn == null) {
			return "is not running.";
		}
		int calls = this.standIn.expireAfterCalls();
		if (calls > 0) {
			return expiryPolicy(this.standIn) + ", so the " + ordinal(calls + 1)
					+ " analysis shows an automatic renewal (\"keyRenewed\": true).";
		}
		if (!this.standIn.expireAfter().isZero()) {
			return expiryPolicy(this.standIn)
					+ ", so the first analysis after that shows an automatic renewal (\"keyRenewed\": true).";
		}
		return "never expires keys; force a renewal with the admin POST below.";
	}

	/** How the stand-in expires keys, e.g. "expires each key after 3 chat calls". */
	static String expiryPolicy(OpenRouterStandIn standIn) {
		int calls = standIn.expireAfterCalls();
		Duration after = standIn.expireAfter();
		if (calls == 0 && after.isZero()) {
			return "keys never expire";
		}
		String byCalls = (calls > 0) ? "after " + calls + " chat call" + ((calls == 1) ? "" : "s") : "";
		String byTime = after.isZero() ? ""
				: after.toString().substring(2).toLowerCase(Locale.ROOT) + " after it is minted";
		return "expires each key " + byCalls + ((calls > 0 && !after.isZero()) ? " or " : "") + byTime;
	}

	private static String ordinal(int n) {
		String suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : switch (n % 10) {
			case 1 -> "st";
			case 2 -> "nd";
			case 3 -> "rd";
			default -> "th";
		};
		return n + suffix;
	}

}
