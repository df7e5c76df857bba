package io.autorenew.admin;

import io.autorenew.support.Api.Response;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** With no cap set (the test service's settings), every cap reads off, and only admins may read them. */
class AdminCapsIntegrationTests extends IntegrationTest {

	@Test
	void everyCapIsListedOffWhenUnset() {
		Response caps = this.api.get("/admin/caps", Tokens.admin());

		assertThat(caps.status()).isEqualTo(200);
		JsonNode list = caps.json().path("caps");
		assertThat(list.findValuesAsString("cap")).containsExactly("mints", "new_users", "total_limit");
		assertThat(list.findValuesAsString("setting")).containsExactly("OPENROUTER_MINTS_PER_MINUTE",
				"OPENROUTER_NEW_USERS_PER_HOUR", "OPENROUTER_TOTAL_LIMIT_USD");
		for (JsonNode cap : list) {
			assertThat(cap.path("enabled").asBoolean()).isFalse();
			assertThat(cap.path("used").isNull()).isTrue();
		}
		assertThat(this.api.get("/admin/caps", Tokens.user("alice")).code()).isEqualTo("forbidden");
	}

}
