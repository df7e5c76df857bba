package io.autorenew.gateway;

import java.util.ArrayList;
import java.util.List;

import io.autorenew.openrouter.OpenRouterProperties;
import io.autorenew.web.RequestIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One request going through its policy: the caps and allowances it is held to, the user it
 * is sent for, and what has been dropped so far.
 */
public final class Policing {

	private final OpenRouterProperties openRouter;

	private final GatewayProperties gateway;

	private final String userId;

	private final List<String> dropped = new ArrayList<>();

	private JsonNode request = MissingNode.getInstance();

	public Policing(OpenRouterProperties openRouter, GatewayProperties gateway, String userId) {
		this.openRouter = openRouter;
		this.gateway = gateway;
		this.userId = userId;
	}

	public OpenRouterProperties openRouter() {
		return this.openRouter;
	}

	public GatewayProperties gateway() {
		return this.gateway;
	}

	/** The service's own id of the user, sent where a client would send its own user id. */
	public String userHash() {
		return RequestIds.userHash(this.userId);
	}

	/** The most output tokens one request may ask for ({@code OPENROUTER_MAX_TOKENS}). */
	public int maxTokens() {
		return this.openRouter.maxTokens();
	}

	/** The caller's request as sent, for a rule that depends on another field. */
	JsonNode request() {
		return this.request;
	}

	void request(JsonNode request) {
		this.request = request;
	}

	/** Records an item accepted and not sent on. */
	public void drop(String item) {
		if (!this.dropped.contains(item)) {
			this.dropped.add(item);
		}
	}

	public List<String> dropped() {
		return List.copyOf(this.dropped);
	}

}
