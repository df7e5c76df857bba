package io.autorenew.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers every answer carries. Spring Security adds them to whatever passes its
 * filter chain; answers written before it (the size cap, the firewall, the container's own
 * errors) add them here.
 */
public final class SecurityHeaders {

	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Swagger UI's pages: their own scripts, styles (some set inline by Swagger UI) and images
	 * (some as {@code data:} URLs); calls go to this origin only.
	 */
	public static final String API_DOCS_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			+ "frame-ancestors 'none'";

	private SecurityHeaders() {
	}

	public static void apply(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
	}

}
