package io.autorenew.openrouter;

/**
 * One message of a chat completion request. Its {@link #toString()} shows the role and the
 * length only: message text is user content and is never logged.
 */
record ChatMessage(String role, String content) {

	public static ChatMessage user(String content) {
		return new ChatMessage("user", content);
	}

	@Override
	public String toString() {
		return "ChatMessage[role=" + this.role + ", content=(" + (this.content == null ? 0 : this.content.length())
				+ " chars)]";
	}

}
