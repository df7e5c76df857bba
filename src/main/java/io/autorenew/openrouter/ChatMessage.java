package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One message of a chat completion request or answer. Its {@link #toString()} shows the
 * role and the length only: message text is user content and is never logged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(String role, String content) {

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", content=(" + (this.content == null ? 0 : this.content.length())
				+ " chars)]";
	}

}
