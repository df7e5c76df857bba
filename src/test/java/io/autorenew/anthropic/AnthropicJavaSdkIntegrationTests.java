package io.autorenew.anthropic;

import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Anthropic's official Java SDK ({@code com.anthropic:anthropic-java}), a client nobody here
 * wrote, pointed at the service with the user's JWT as its auth token (a bearer) and as its API
 * key ({@code x-api-key}): messages plain and streamed, a typed exception for a refused model,
 * and a renewal the SDK never sees.
 */
class AnthropicJavaSdkIntegrationTests extends IntegrationTest {

	private static final String MODEL = "anthropic/claude-haiku-4.5";

	private static final MessageCreateParams PARAMS = MessageCreateParams.builder()
		.model(MODEL)
		.maxTokens(256)
		.addUserMessage("Summarise the report.")
		.build();

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void messagesPlainAndStreamed(boolean asAuthToken) {
		AnthropicClient client = client(asAuthToken);
		Message message = client.messages().create(PARAMS);
		assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("The text is short and clear.");

		try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(PARAMS)) {
			String text = stream.stream()
				.map((event) -> event.contentBlockDelta()
					.flatMap((delta) -> delta.delta().text())
					.map((delta) -> delta.text())
					.orElse(""))
				.collect(Collectors.joining());
			assertThat(text).isEqualTo("The text is short and clear.");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aRefusedModelIsATypedBadRequest(boolean asAuthToken) {
		AnthropicClient client = client(asAuthToken);
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> client.messages()
			.create(MessageCreateParams.builder().model("openai/o1-pro").maxTokens(10).addUserMessage("hi").build()));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void anExpiredKeyIsRenewedUnseenByTheSdk(boolean asAuthToken) {
		OpenRouterStub.messagesCheckLedger();
		AnthropicClient client = client(asAuthToken);
		client.messages().create(PARAMS);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		Message message = client.messages().create(PARAMS);

		assertThat(message.content()).isNotEmpty();
		assertThat(OpenRouterStub.mintRequests()).as("one mint, one renewal").hasSize(2);
	}

	private final java.util.List<AnthropicClient> clients = new java.util.ArrayList<>();

	@org.junit.jupiter.api.AfterEach
	void closeClients() {
		this.clients.forEach(AnthropicClient::close);
	}

	private AnthropicClient client(boolean asAuthToken) {
		AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.maxRetries(0);
		AnthropicClient client = (asAuthToken ? builder.authToken(Tokens.user("alice"))
				: builder.apiKey(Tokens.user("alice"))).build();
		this.clients.add(client);
		return client;
	}

}
