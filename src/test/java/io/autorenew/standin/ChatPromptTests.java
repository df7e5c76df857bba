package io.autorenew.standin;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ChatPromptTests {

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void analysesTheLastUserMessage() throws Exception {
		ChatPrompt prompt = ChatPrompt.from(json("""
				{"model":"m","messages":[{"role":"system","content":"Be brief."},
				 {"role":"user","content":"First question."},{"role":"assistant","content":"An answer."},
				 {"role":"user","content":"Second question."}]}"""));
		assertThat(prompt.prompt()).isEqualTo("Second question.");
		assertThat(prompt.model()).isEqualTo("m");
	}

	@Test
	void readsTheTextPartsOfContentArrays() throws Exception {
		ChatPrompt prompt = ChatPrompt.from(json("""
				{"messages":[{"role":"user","content":[{"type":"text","text":"Hello "},
				 {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
				 {"type":"text","text":"there."}]}]}"""));
		assertThat(prompt.prompt()).isEqualTo("Hello there.");
		assertThat(prompt.model()).isEqualTo("openrouter/auto");
	}

	@Test
	void requiresMessages() {
		assertThatExceptionOfType(StandInException.class).isThrownBy(() -> ChatPrompt.from(json("{\"model\":\"m\"}")))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
	}

	@Test
	void answersAsAChatResult() throws Exception {
		JsonNode answer = this.json.valueToTree(new ChatPrompt("m", "Hi.", 1).answer("gen-1", 42));
		assertThat(answer.propertyNames())
			.containsExactly("id", "object", "created", "model", "system_fingerprint", "choices", "usage");
		assertThat(answer.at("/choices/0/message/content").asString())
			.isEqualTo("Analysis: 1 word, 1 sentence. First sentence: \"Hi.\".");
	}

	private JsonNode json(String text) throws Exception {
		return this.json.readTree(text);
	}

}
