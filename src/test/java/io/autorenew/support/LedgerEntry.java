package io.autorenew.support;

import java.time.Instant;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key in the {@link OpenRouterLedger} with the state OpenRouter keeps beside it, and the
 * shapes OpenRouter's spec gives it in {@code POST/GET /keys} and {@code GET /key}.
 */
record LedgerEntry(LedgerKey key, boolean includeByokInLimit, double usage, boolean expired, boolean disabled) {

	static final String WORKSPACE_ID = "0df9e665-d932-5740-b2c7-b52af166bc11";

	/** Whether OpenRouter still accepts the key as a bearer at {@code now}. */
	boolean acceptsAt(Instant now) {
		return !this.expired && (this.key.expiresAt() == null || now.isBefore(this.key.expiresAt()));
	}

	LedgerEntry withKey(LedgerKey changed) {
		return new LedgerEntry(changed, this.includeByokInLimit, this.usage, this.expired, this.disabled);
	}

	LedgerEntry withUsage(double changed) {
		return new LedgerEntry(this.key, this.includeByokInLimit, changed, this.expired, this.disabled);
	}

	LedgerEntry expire() {
		return new LedgerEntry(this.key, this.includeByokInLimit, this.usage, true, this.disabled);
	}

	LedgerEntry withDisabled(boolean changed) {
		return new LedgerEntry(this.key, this.includeByokInLimit, this.usage, this.expired, changed);
	}

	/** OpenRouter's display label: the key's start and end, never the whole key. */
	String label() {
		String raw = this.key.key();
		return raw.substring(0, 12) + "..." + raw.substring(raw.length() - 3);
	}

	/** The {@code data} of a {@code POST /keys} 201, also an item of {@code GET /keys}. */
	ObjectNode data() {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.put("hash", this.key.hash());
		data.put("name", this.key.name());
		data.put("label", label());
		data.put("disabled", this.disabled);
		limitsAndUsage(data);
		data.put("created_at", this.key.createdAt().toString());
		data.putNull("updated_at");
		data.put("expires_at", timestamp(this.key.expiresAt()));
		data.putNull("creator_user_id");
		data.put("workspace_id", WORKSPACE_ID);
		return data;
	}

	/** The {@code data} of a {@code GET /key} 200, describing the calling key. */
	ObjectNode current() {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.put("label", label());
		limitsAndUsage(data);
		data.put("is_free_tier", false);
		data.put("is_management_key", false);
		data.put("is_provisioning_key", false);
		data.put("expires_at", timestamp(this.key.expiresAt()));
		data.putNull("creator_user_id");
		data.putObject("rate_limit")
			.put("requests", -1)
			.put("interval", "10s")
			.put("note", "This field is deprecated and safe to ignore.");
		return data;
	}

	private void limitsAndUsage(ObjectNode data) {
		Double limit = this.key.limit();
		data.put("limit", limit);
		data.put("limit_remaining", (limit != null) ? Math.max(0, limit - this.usage) : null);
		data.put("limit_reset", this.key.limitReset());
		data.put("include_byok_in_limit", this.includeByokInLimit);
		for (String period : new String[] { "usage", "usage_daily", "usage_weekly", "usage_monthly" }) {
			data.put(period, this.usage);
		}
		for (String period : new String[] { "byok_usage", "byok_usage_daily", "byok_usage_weekly",
				"byok_usage_monthly" }) {
			data.put(period, 0.0);
		}
	}

	private static String timestamp(Instant at) {
		return (at != null) ? at.toString() : null;
	}

}
