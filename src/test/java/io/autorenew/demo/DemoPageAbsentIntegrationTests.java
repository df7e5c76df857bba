package io.autorenew.demo;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the demo profile there is no page and no way to sign in without a token. */
class DemoPageAbsentIntegrationTests extends IntegrationTest {

	@Test
	void thePageIsNotServed() {
		Response page = this.api.get("/", Tokens.user("alice"));
		Response script = this.api.get("/demo/app.js", Tokens.user("alice"));

		assertThat(page.status()).isEqualTo(404);
		assertThat(page.code()).isEqualTo("not_found");
		assertThat(script.status()).isEqualTo(404);
	}

	@Test
	void noTokenIsHandedOut() {
		Response anonymous = this.api.post("/demo/session", null, null, "");
		Response signedIn = this.api.post("/demo/session", Tokens.user("alice"), null, "");

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(signedIn.status()).isEqualTo(404);
		assertThat(anonymous.body()).doesNotContain("token\"");
	}

}
