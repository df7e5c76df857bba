package io.autorenew.analysis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import io.autorenew.support.Tokens;

/**
 * The hostile requests of {@link HostileRequestCorpusTests}, by kind. Body entries (here) go
 * to {@code POST /analysis} with a valid user token, so only the body is wrong; method, path,
 * {@code userId} and query entries are in {@link HostileRequestCorpusPaths}. Prompts carry
 * {@link #CANARY}, which no answer may repeat.
 */
final class HostileRequestCorpus {

	static final String CANARY = "canary7f3a";

	static final String INVALID = "invalid_request";

	static final String MODEL = "invalid_model";

	static final String ANALYSIS = "/analysis";

	static final String JSON = "application/json";

	static final String USER = Tokens.user("alice");

	static final String OPERATOR = Tokens.admin();

	private static final int TEN_MB = 10 * 1024 * 1024;

	private HostileRequestCorpus() {
	}

	static List<HostileRequestCorpusEntry> entries() {
		return Stream
			.of(malformed(), nested(), numbersAndShapes(), keys(), encodings(), controlCharacters(), sizes(),
					contentTypes(), models(), HostileRequestCorpusPaths.methods(), HostileRequestCorpusPaths.paths(),
					HostileRequestCorpusPaths.userIds(), HostileRequestCorpusPaths.queries())
			.flatMap(List::stream)
			.toList();
	}

	private static List<HostileRequestCorpusEntry> malformed() {
		return List.of(json("truncated after the key", "{\"prompt\":"),
				json("truncated inside the prompt", "{\"prompt\":\"" + CANARY),
				json("missing closing brace", "{\"prompt\":\"" + CANARY + "\""),
				json("trailing comma", "{\"prompt\":\"" + CANARY + "\",}"),
				json("single-quoted JSON", "{'prompt':'" + CANARY + "'}"),
				json("unquoted key", "{prompt:\"" + CANARY + "\"}"),
				json("comment before the object", "/* x */ {\"prompt\":\"" + CANARY + "\"}"),
				json("NaN as the model", "{\"prompt\":\"" + CANARY + "\",\"model\":NaN}"),
				// Trailing tokens after the document are refused (fail-on-trailing-tokens).
				json("trailing garbage after the object", "{\"prompt\":\"" + CANARY + "\"} trailing"),
				json("two JSON documents", "{\"prompt\":\"" + CANARY + "\"}{\"prompt\":\"" + CANARY + "\"}"),
				json("null document", "null"), json("string document", "\"" + CANARY + "\""),
				json("number document", "42"), json("empty array document", "[]"), json("empty body", ""),
				json("whitespace-only body", "  \n\t  "), json("empty object", "{}"));
	}

	private static List<HostileRequestCorpusEntry> nested() {
		int depth = 10_000;
		return List.of(json("10,000 nested arrays", "[".repeat(depth) + "]".repeat(depth)),
				json("10,000 nested objects", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
				json("10,000 unclosed arrays", "[".repeat(depth)),
				json("10,000 nested arrays as the prompt",
						"{\"prompt\":" + "[".repeat(depth) + "]".repeat(depth) + "}"),
				json("10,000 nested objects as the model", "{\"prompt\":\"" + CANARY + "\",\"model\":"
						+ "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}"));
	}

	private static List<HostileRequestCorpusEntry> numbersAndShapes() {
		String digits = "9".repeat(400);
		return List.of(json("1e999999 as the prompt", "{\"prompt\":1e999999}"),
				json("400-digit integer as the prompt", "{\"prompt\":" + digits + "}"),
				json("400-digit integer as the model", "{\"prompt\":\"" + CANARY + "\",\"model\":" + digits + "}"),
				json("1e999999 in an extra field", "{\"prompt\":\"" + CANARY + "\",\"n\":1e999999}"),
				json("null prompt", "{\"prompt\":null}"), json("null prompt and model", "{\"prompt\":null,\"model\":null}"),
				json("array prompt", "{\"prompt\":[\"" + CANARY + "\"]}"),
				json("object prompt", "{\"prompt\":{\"text\":\"" + CANARY + "\"}}"), json("boolean prompt", "{\"prompt\":true}"),
				json("array model", "{\"prompt\":\"" + CANARY + "\",\"model\":[\"openai/gpt-4o\"]}"),
				json("object model", "{\"prompt\":\"" + CANARY + "\",\"model\":{\"id\":\"openai/gpt-4o\"}}"),
				json("boolean model", "{\"prompt\":\"" + CANARY + "\",\"model\":false}"));
	}

	private static List<HostileRequestCorpusEntry> keys() {
		String prompt = "\"prompt\":\"" + CANARY + "\"";
		return List.of(json("duplicate prompt", "{" + prompt + "," + prompt + "}"),
				json("duplicate model", "{" + prompt + ",\"model\":\"a/b\",\"model\":\"c/d\"}"),
				json("unknown userId field", "{" + prompt + ",\"userId\":\"bob\"}"),
				json("unknown __proto__ field", "{" + prompt + ",\"__proto__\":{\"admin\":true}}"),
				json("unknown $where field", "{" + prompt + ",\"$where\":\"sleep(1000)\"}"),
				json("capitalised Prompt field", "{\"Prompt\":\"" + CANARY + "\"}"));
	}

	private static List<HostileRequestCorpusEntry> encodings() {
		return List.of(utf8("invalid UTF-8 continuation byte", 0xC3, 0x28),
				// Bodies must be well-formed UTF-8; lone surrogates are refused as broken text.
				utf8("lone UTF-8 continuation byte", 0x80), utf8("overlong UTF-8 slash", 0xC0, 0xAF),
				utf8("0xFF byte", 0xFF), utf8("truncated UTF-8 sequence before the quote", 0xE2, 0x82),
				utf8("UTF-8 encoded lone surrogate", 0xED, 0xA0, 0x80),
				raw("truncated UTF-8 sequence at the end", bytes("{\"prompt\":\"" + CANARY, 0xE2, 0x82)),
				json("escaped lone surrogate", "{\"prompt\":\"" + CANARY + "\\ud800\"}"));
	}

	private static List<HostileRequestCorpusEntry> controlCharacters() {
		return List.of(json("escaped NUL in the prompt", "{\"prompt\":\"" + CANARY + "\\u0000\"}"),
				json("escaped ESC in the prompt", "{\"prompt\":\"\\u001b[31m" + CANARY + "\"}"),
				json("escaped DEL in the prompt", "{\"prompt\":\"" + CANARY + "\\u007f\"}"),
				utf8("raw NUL byte in the prompt", 0x00), utf8("raw ESC byte in the prompt", 0x1B),
				utf8("raw DEL byte in the prompt", 0x7F),
				model("escaped NUL in the model", "openai/gpt-4o\\u0000", "gpt-4o"));
	}

	private static List<HostileRequestCorpusEntry> sizes() {
		String huge = "{\"prompt\":\"" + "a".repeat(TEN_MB) + "\"}";
		String admin = "/admin/users/alice/openrouter-key";
		return List.of(
				expect(json("prompt of 100,001 characters",
						"{\"prompt\":\"" + CANARY + "a".repeat(AnalysisRequest.MAX_PROMPT) + "\"}"), 413,
						"prompt_too_large"),
				expect(json("10 MB body with Content-Length", huge), 413, "request_too_large"),
				expect(chunked(json("10 MB body chunked", huge)), 413, "request_too_large"),
				expect(json("1 MB and 1 byte body", "{\"prompt\":\"" + "a".repeat(1024 * 1024 - 12) + "\"}"), 413,
						"request_too_large"),
				new HostileRequestCorpusEntry("10 MB body to the admin path without a token", "POST", admin, null,
						JSON, huge.getBytes(StandardCharsets.UTF_8), false, 413, "request_too_large", CANARY),
				new HostileRequestCorpusEntry("10 MB chunked body without a token", "POST", ANALYSIS, null, JSON,
						huge.getBytes(StandardCharsets.UTF_8), true, 401, "unauthorized", CANARY));
	}

	private static List<HostileRequestCorpusEntry> contentTypes() {
		String body = "{\"prompt\":\"" + CANARY + "\"}";
		return List.of(typed("text/plain", "text/plain", body, 415, "unsupported_media_type"),
				typed("application/xml", "application/xml", "<prompt>" + CANARY + "</prompt>", 415,
						"unsupported_media_type"),
				typed("multipart/form-data", "multipart/form-data; boundary=x",
						"--x\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + CANARY + "\r\n--x--\r\n", 415,
						"unsupported_media_type"),
				typed("form-urlencoded", "application/x-www-form-urlencoded", "prompt=" + CANARY, 415,
						"unsupported_media_type"),
				typed("no content type", null, body, 415, "unsupported_media_type"),
				typed("blank content type", "", body, 415, "unsupported_media_type"),
				typed("text/json", "text/json", body, 415, "unsupported_media_type"),
				typed("application/problem+json", "application/problem+json", body, 415, "unsupported_media_type"),
				typed("charset=utf-7", "application/json; charset=utf-7", body, 415, "unsupported_media_type"),
				typed("unknown charset", "application/json; charset=no-such-charset", body, 415,
						"unsupported_media_type"));
	}

	private static List<HostileRequestCorpusEntry> models() {
		return List.of(model("model ../../x", "../../x", "../../x"), model("model a/b c", "a/b c", "a/b c"),
				model("model of 300 characters", "openai/" + "a".repeat(293), "a".repeat(50)),
				// Two violations on model are still invalid_model.
				model("model of 300 characters without a slash", "x".repeat(300), "x".repeat(50)),
				model("empty model", "", null), model("model with an empty variant", "openai/gpt-4o:", "gpt-4o:"),
				model("model with a query string", "openai/gpt-4o?x=1", "x=1"),
				model("model as a URL", "https://evil.example/x", "evil.example"),
				model("model with a newline", "openai/gpt-4o\\n", "gpt-4o"));
	}

	private static HostileRequestCorpusEntry json(String name, String body) {
		return raw(name, body.getBytes(StandardCharsets.UTF_8));
	}

	private static HostileRequestCorpusEntry raw(String name, byte[] body) {
		return new HostileRequestCorpusEntry(name, "POST", ANALYSIS, USER, JSON, body, false, 400, INVALID, CANARY);
	}

	/** A prompt holding {@code bytes} as they are, between the canary and the closing quote. */
	private static HostileRequestCorpusEntry utf8(String name, int... bytes) {
		byte[] start = bytes("{\"prompt\":\"" + CANARY, bytes);
		byte[] end = "\"}".getBytes(StandardCharsets.UTF_8);
		byte[] body = java.util.Arrays.copyOf(start, start.length + end.length);
		System.arraycopy(end, 0, body, start.length, end.length);
		return raw(name, body);
	}

	private static byte[] bytes(String text, int... bytes) {
		byte[] start = text.getBytes(StandardCharsets.UTF_8);
		byte[] body = java.util.Arrays.copyOf(start, start.length + bytes.length);
		for (int i = 0; i < bytes.length; i++) {
			body[start.length + i] = (byte) bytes[i];
		}
		return body;
	}

	private static HostileRequestCorpusEntry model(String name, String model, String echo) {
		HostileRequestCorpusEntry entry = json(name, "{\"prompt\":\"" + CANARY + "\",\"model\":\"" + model + "\"}");
		return new HostileRequestCorpusEntry(name, "POST", ANALYSIS, USER, JSON, entry.body(), false, 400, MODEL,
				(echo != null) ? echo : CANARY);
	}

	private static HostileRequestCorpusEntry typed(String name, String contentType, String body, int status,
			String code) {
		return new HostileRequestCorpusEntry("content type " + name, "POST", ANALYSIS, USER, contentType,
				body.getBytes(StandardCharsets.UTF_8), false, status, code, CANARY);
	}

	private static HostileRequestCorpusEntry expect(HostileRequestCorpusEntry entry, int status, String code) {
		return new HostileRequestCorpusEntry(entry.name(), entry.method(), entry.target(), entry.token(),
				entry.contentType(), entry.body(), entry.chunked(), status, code, entry.echo());
	}

	private static HostileRequestCorpusEntry chunked(HostileRequestCorpusEntry entry) {
		return new HostileRequestCorpusEntry(entry.name(), entry.method(), entry.target(), entry.token(),
				entry.contentType(), entry.body(), true, entry.status(), entry.code(), entry.echo());
	}

}
