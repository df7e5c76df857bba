package io.autorenew.standin;

/**
 * One request the stand-in received, as it came: its method, its path below {@code /api/v1}
 * and its body. The {@code Authorization} header is not kept.
 *
 * @param method the HTTP method
 * @param route the path below {@code /api/v1}, e.g. {@code /chat/completions}
 * @param body the body as text (UTF-8)
 */
public record Recorded(String method, String route, String body) {

	@Override
	public String toString() {
		return "Recorded[" + this.method + " " + this.route + ", " + this.body.length() + " chars]";
	}

}
