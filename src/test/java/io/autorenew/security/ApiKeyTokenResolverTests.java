package io.autorenew.security;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The resolver's hand-read bearer header agrees with Spring Security's own resolver on every
 * header of a corpus, well formed or not, on a POST, a GET and a form: the same token, or the
 * same refusal.
 */
class ApiKeyTokenResolverTests {

	private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQtXy0rLw";

	static List<String> headers() {
		return List.of("Bearer " + JWT, "bearer " + JWT, "BEARER " + JWT, "Bearer abc==", "Bearer abc=", "Bearer a",
				"Bearer =", "Bearer ==", "Bearer ", "Bearer", "Bearer  " + JWT, "Bearer " + JWT + " ",
				"Bearer " + JWT + "=x", "Bearer a=b", "Bearer ab$c", "Bearer ab c", "Bearer ab\tc", "Bearer é",
				"Bearer a~b.c_d-e+f/g", "Basic dXNlcjpwYXNz", "Token " + JWT, "Bearer:" + JWT, "Bearer\t" + JWT,
				"");
	}

	@ParameterizedTest
	@MethodSource("headers")
	void readsEveryHeaderAsSpringSecurityDoes(String header) {
		for (MockHttpServletRequest request : requests(header)) {
			Object expected = outcome(() -> new DefaultBearerTokenResolver().resolve(request));

			Object actual = outcome(() -> new ApiKeyTokenResolver().resolve(request));

			assertThat(actual).as("%s %s", request.getMethod(), header).isEqualTo(expected);
		}
	}

	private static List<MockHttpServletRequest> requests(String header) {
		MockHttpServletRequest post = new MockHttpServletRequest("POST", "/analysis");
		post.setContentType("application/json");
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/analysis/key");
		get.setParameter("access_token", "from-the-query");
		MockHttpServletRequest form = new MockHttpServletRequest("POST", "/analysis");
		form.setContentType("application/x-www-form-urlencoded");
		form.setParameter("access_token", "from-the-form");
		List<MockHttpServletRequest> requests = List.of(post, get, form);
		requests.forEach((request) -> request.addHeader("Authorization", header));
		return requests;
	}

	/** The token, or the refusal's class and message. */
	private static Object outcome(java.util.function.Supplier<String> resolve) {
		Throwable failure = catchThrowable(resolve::get);
		if (failure != null) {
			return failure.getClass().getName() + ": " + failure.getMessage();
		}
		return String.valueOf(resolve.get());
	}

}
