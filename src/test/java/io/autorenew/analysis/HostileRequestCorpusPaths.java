package io.autorenew.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.autorenew.analysis.HostileRequestCorpus.ANALYSIS;
import static io.autorenew.analysis.HostileRequestCorpus.CANARY;
import static io.autorenew.analysis.HostileRequestCorpus.INVALID;
import static io.autorenew.analysis.HostileRequestCorpus.JSON;
import static io.autorenew.analysis.HostileRequestCorpus.OPERATOR;
import static io.autorenew.analysis.HostileRequestCorpus.USER;

/**
 * The hostile methods, paths, {@code userId} values and query strings of the
 * {@link HostileRequestCorpus}. {@code userId} entries use an admin token, so only the id is
 * wrong.
 */
final class HostileRequestCorpusPaths {

	private HostileRequestCorpusPaths() {
	}

	/**
	 * Methods no route serves answer 405. TRACE is refused by Tomcat itself (405, through the
	 * problem error page, as every other unserved method); a method the firewall does not
	 * know (FOO) is refused before routing: a 400 problem from the firewall's handler.
	 */
	static List<HostileRequestCorpusEntry> methods() {
		String body = "{\"prompt\":\"" + CANARY + "\"}";
		String admin = "/admin/users/alice/openrouter-key";
		return List.of(method("PUT /analysis", "PUT", ANALYSIS, USER, body, 405, "method_not_allowed"),
				method("PATCH /analysis", "PATCH", ANALYSIS, USER, body, 405, "method_not_allowed"),
				method("DELETE /analysis", "DELETE", ANALYSIS, USER, null, 405, "method_not_allowed"),
				method("POST /analysis/key", "POST", ANALYSIS + "/key", USER, body, 405, "method_not_allowed"),
				method("PUT on the admin path", "PUT", admin, OPERATOR, body, 405, "method_not_allowed"),
				method("PATCH on the admin path", "PATCH", admin, OPERATOR, body, 405, "method_not_allowed"),
				method("TRACE /analysis", "TRACE", ANALYSIS, USER, null, 405, "method_not_allowed"),
				method("unknown method FOO", "FOO", ANALYSIS, USER, body, 400, INVALID));
	}

	/**
	 * Paths the firewall refuses get a 400 problem; so do those Tomcat refuses itself (encoded
	 * NULs, request lines over 8 KB), through the problem error-report valve.
	 */
	static List<HostileRequestCorpusEntry> paths() {
		String body = "{\"prompt\":\"" + CANARY + "\"}";
		return List.of(method("trailing slash", "POST", ANALYSIS + "/", USER, body, 404, "not_found"),
				method("unknown sub-path", "POST", ANALYSIS + "/other", USER, body, 404, "not_found"),
				method("dot-dot into the admin path", "GET", ANALYSIS + "/../admin/users/alice/openrouter-key", USER,
						null, 400, INVALID),
				method("matrix parameter", "POST", ANALYSIS + ";jsessionid=x", USER, body, 400, INVALID),
				method("double slash", "POST", "/" + ANALYSIS, USER, body, 400, INVALID),
				method("encoded backslash", "POST", ANALYSIS + "%5C", USER, body, 400, INVALID),
				method("encoded slash into the admin path", "GET", ANALYSIS + "%2F..%2Fadmin%2Fusers", USER, null,
						400, INVALID));
	}

	static List<HostileRequestCorpusEntry> userIds() {
		List<HostileRequestCorpusEntry> entries = new ArrayList<>(List.of(
				userId("path traversal", "..%2F..%2Fetc%2Fpasswd", "passwd"), userId("NUL", "alice%00", "\u0000"),
				userId("SQL injection", "%27%3B%20DROP%20TABLE%20users%3B--", "DROP TABLE"),
				userId("Mongo $where", "%24where", "$where"),
				userId("Mongo $ne operator", "%7B%22%24ne%22%3Anull%7D", "$ne"),
				userId("script tag", "%3Cscript%3E", "<script>"),
				userId("img onerror", "%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E", "onerror"),
				userId("143 characters", "a".repeat(143), "a".repeat(143)),
				userId("10,000 characters", "a".repeat(10_000), "a".repeat(200)),
				userId("unicode letters", "%C3%A9l%C3%A8ve", "\u00e9l\u00e8ve"),
				userId("emoji", "%F0%9F%98%80", "\ud83d\ude00"), userId("right-to-left override", "a%E2%80%AEb", "\u202e"),
				userId("encoded percent", "a%25b", "a%b"), userId("encoded dot-dot", "%2e%2e", ".."),
				userId("a single space", "%20", null),
				userId("CRLF header injection", "a%0d%0aSet-Cookie:%20x=1", "Set-Cookie")));
		String sql = "/admin/users/%27%3B%20DROP%20TABLE%20users%3B--/openrouter-key";
		entries.add(method("force-provision of an SQL-injection id", "POST", sql, OPERATOR, null, 400, INVALID));
		entries.add(method("delete of a $where id", "DELETE", "/admin/users/%24where/openrouter-key", OPERATOR, null,
				400, INVALID));
		entries.add(method("events of a $ne id", "GET", "/admin/users/%7B%22%24ne%22%3Anull%7D/openrouter-key/events",
				OPERATOR, null, 400, INVALID));
		entries.add(method("user token forcing another user's key", "POST", "/admin/users/bob/openrouter-key", USER,
				null, 403, "forbidden"));
		entries.add(method("no token on the admin path", "GET", "/admin/users/alice/openrouter-key", null, null, 401,
				"unauthorized"));
		return entries;
	}

	static List<HostileRequestCorpusEntry> queries() {
		String events = "/admin/users/alice/openrouter-key/events";
		return List.of(method("events page -1", "GET", events + "?page=-1", OPERATOR, null, 400, INVALID),
				method("events size 1,000,000", "GET", events + "?size=1000000", OPERATOR, null, 400, INVALID),
				method("events page not a number", "GET", events + "?page=abc", OPERATOR, null, 400, INVALID),
				method("events page of 20 digits", "GET", events + "?page=99999999999999999999", OPERATOR, null, 400,
						INVALID),
				method("token only in access_token", "POST", ANALYSIS + "?access_token=" + USER, null,
						"{\"prompt\":\"" + CANARY + "\"}", 401, "unauthorized"),
				method("junk query and an empty object", "POST", ANALYSIS + "?%zz=%00&&=&x", USER, "{}", 400, INVALID),
				method("prompt in the query, empty object", "POST", ANALYSIS + "?prompt=" + CANARY, USER, "{}", 400,
						INVALID),
				method("userId in the query, null prompt", "POST", ANALYSIS + "?userId=bob", USER, "{\"prompt\":null}",
						400, INVALID));
	}

	private static HostileRequestCorpusEntry method(String name, String method, String target, String token,
			String body, int status, String code) {
		return new HostileRequestCorpusEntry(name, method, target, token, (body != null) ? JSON : null,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, false, status, code, CANARY);
	}

	private static HostileRequestCorpusEntry userId(String name, String encoded, String echo) {
		return new HostileRequestCorpusEntry("userId " + name, "GET", "/admin/users/" + encoded + "/openrouter-key",
				OPERATOR, null, null, false, 400, INVALID, echo);
	}

}
