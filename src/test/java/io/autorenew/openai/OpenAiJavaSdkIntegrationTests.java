package io.autorenew.openai;

import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.autorenew.support.IntegrationTest;
import io.autorenew.support.OpenRouterLedger;
import io.autorenew.support.OpenRouterStub;
import io.autorenew.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * OpenAI's official Java SDK ({@code com.openai:openai-java}), a client nobody here wrote,
 * pointed at {@code /v1} with the user's JWT as its API key: chat completions and the
 * Responses API, plain and streamed, the model list, and a typed exception for a refused model.
 */
class OpenAiJavaSdkIntegrationTests extends IntegrationTest {

	private static final String MODEL = "openai/gpt-4o-mini";

	private OpenAIClient client;

	@BeforeEach
	void client() {
		this.client = OpenAIOkHttpClient.builder()
			.baseUrl("http://localhost:" + this.port + "/v1")
			.apiKey(Tokens.user("alice"))
			.maxRetries(0)
			.build();
	}

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void chatCompletionPlainAndStreamed() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(MODEL)
			.addUserMessage("Summarise the report.")
			.build();

		ChatCompletion completion = this.client.chat().completions().create(params);
		assertThat(completion.choices().get(0).message().content()).hasValue("The text is short and clear.");

		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(params)) {
			String text = stream.stream()
				.flatMap((chunk) -> chunk.choices().stream())
				.map((choice) -> choice.delta().content().orElse(""))
				.collect(Collectors.joining());
			assertThat(text).isEqualTo("The text is short and clear.");
		}
	}

	@Test
	void responsesPlainAndStreamed() {
		ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).input("Summarise the report.").build();

		Response response = this.client.responses().create(params);
		assertThat(response.output().get(0).message().orElseThrow().content().get(0).outputText().orElseThrow().text())
			.isEqualTo("The text is short and clear.");

		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses().createStreaming(params)) {
			String text = stream.stream()
				.map((event) -> event.outputTextDelta().map((delta) -> delta.delta()).orElse(""))
				.collect(Collectors.joining());
			assertThat(text).isEqualTo("The text is short and clear.");
		}
	}

	@Test
	void modelsListTheAllowList() {
		assertThat(this.client.models().list().data()).extracting(Model::id).contains(MODEL);
	}

	@Test
	void aRefusedModelIsATypedBadRequest() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.responses()
				.create(ResponseCreateParams.builder().model("openai/o1-pro").input("hi").build()))
			.satisfies((ex) -> assertThat(ex.code()).hasValue("invalid_model"));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("openai/o1-pro").addUserMessage("hi").build()))
			.satisfies((ex) -> assertThat(ex.code()).hasValue("invalid_model"));
	}

	@Test
	void anExpiredKeyIsRenewedUnseenByTheSdk() {
		OpenRouterStub.chatChecksLedger();
		OpenRouterStub.responsesCheckLedger();
		ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).input("Summarise.").build();
		this.client.responses().create(params);
		OpenRouterLedger.expire(OpenRouterLedger.live().get(0).key());

		Response response = this.client.responses().create(params);
		ChatCompletion completion = this.client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Again.").build());

		assertThat(response.output()).isNotEmpty();
		assertThat(completion.choices()).isNotEmpty();
		assertThat(OpenRouterStub.mintRequests()).as("one mint, one renewal").hasSize(2);
	}

}
