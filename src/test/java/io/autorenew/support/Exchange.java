package io.autorenew.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;

/**
 * A copy of one request WireMock received and the answer it gave, taken while WireMock
 * handles it, in the validator's terms. {@code response} is null when no stub answered
 * (WireMock's own 404) or the stub answered with a fault.
 */
record Exchange(String method, String path, SimpleRequest request, SimpleResponse response, int status) {

	/** @param basePath stripped from the path, as the spec's paths are relative to its server */
	static Exchange of(Request request, Response response, String basePath) {
		String url = request.getUrl();
		int query = url.indexOf('?');
		String path = ((query < 0) ? url : url.substring(0, query)).substring(basePath.length());
		SimpleRequest.Builder copy = new SimpleRequest.Builder(request.getMethod().getName(), path);
		for (HttpHeader header : request.getHeaders().all()) {
			copy.withHeader(header.key(), header.values());
		}
		queryParameters((query < 0) ? "" : url.substring(query + 1)).forEach(copy::withQueryParam);
		String body = request.getBodyAsString();
		if (body != null && !body.isEmpty()) {
			copy.withBody(body);
		}
		return new Exchange(request.getMethod().getName(), path, copy.build(), answer(response), response.getStatus());
	}

	private static SimpleResponse answer(Response response) {
		if (!response.wasConfigured() || response.getFault() != null) {
			return null;
		}
		SimpleResponse.Builder copy = new SimpleResponse.Builder(response.getStatus());
		for (HttpHeader header : response.getHeaders().all()) {
			copy.withHeader(header.key(), header.values());
		}
		String body = response.getBodyAsString();
		if (body != null && !body.isEmpty()) {
			copy.withBody(body);
		}
		return copy.build();
	}

	private static Map<String, List<String>> queryParameters(String query) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
