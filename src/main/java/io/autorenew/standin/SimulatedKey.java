package io.autorenew.standin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runtime key minted by the {@link OpenRouterStandIn}. Holds no raw key, only its
 * hash and OpenRouter's display label, so it is safe to print.
 */
final class SimulatedKey {

	private final String hash;

	private final String label;

	private final String masked;

	private final KeyRequest request;

	private volatile Instant createdAt;

	private final int maxCalls;

	private final Instant expiresAt;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile boolean disabled;

	/** Set by {@link #expireNow()}: the key no longer authenticates, whatever its expiry. */
	private volatile boolean expired;

	/** USD counted before the calls this key has made; {@link #setSpent(double)} sets it. */
	private volatile double spentBefore;

	/** The limit set by {@code PATCH /keys/{hash}}, else the one the key was minted with. */
	private volatile Double limit;

	/** What each successful chat call costs, in USD, so that budgets have something to count. */
	static final double CALL_COST_USD = 0.25;

	/**
	 * @param maxCalls successful chat calls before the key stops working, 0 for no limit
	 * @param lifetime how long the key works after {@code createdAt}, ZERO for ever
	 */
	SimulatedKey(String hash, String label, String masked, KeyRequest request, Instant createdAt, int maxCalls,
			Duration lifetime) {
		this.hash = hash;
		this.label = label;
		this.masked = masked;
		this.request = request;
		this.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
		this.maxCalls = maxCalls;
		this.expiresAt = earliest(lifetime.isZero() ? null : createdAt.plus(lifetime), request.expiresAt());
	}

	String hash() {
		return this.hash;
	}

	String name() {
		return this.request.name();
	}

	Instant createdAt() {
		return this.createdAt;
	}

	/** {@code ****} and the key's last four characters, for logs. */
	String masked() {
		return this.masked;
	}

	/** Whether the key still authenticates at {@code now}, without using it up. */
	boolean isUsable(Instant now) {
		return !isExpiredAt(now) && (this.maxCalls == 0 || this.calls.get() < this.maxCalls);
	}

	/** Counts one successful call, or answers {@code false} if the key has expired. */
	boolean tryUse(Instant now) {
		if (isExpiredAt(now)) {
			return false;
		}
		if (this.maxCalls == 0) {
			this.calls.incrementAndGet();
			return true;
		}
		return this.calls.getAndUpdate((used) -> (used < this.maxCalls) ? used + 1 : used) < this.maxCalls;
	}

	/** The key's limit in USD, or {@code null} for none. */
	Double limit() {
		return (this.limit != null) ? this.limit : this.request.limit();
	}

	void setLimit(Double limit) {
		this.limit = limit;
	}

	/** USD spent: each successful chat call costs {@link #CALL_COST_USD}, on top of what was set. */
	double spent() {
		return this.spentBefore + this.calls.get() * CALL_COST_USD;
	}

	/** What the key has spent from now on, before its next calls. */
	void setSpent(double usd) {
		this.spentBefore = usd - this.calls.get() * CALL_COST_USD;
	}

	void expireNow() {
		this.expired = true;
	}

	void setCreatedAt(Instant createdAt) {
		this.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
	}

	/** Whether one more call would pass the key's limit. */
	boolean limitReached() {
		Double max = limit();
		return max != null && spent() + CALL_COST_USD > max + 1e-9;
	}

	boolean disabled() {
		return this.disabled;
	}

	void setDisabled(boolean disabled) {
		this.disabled = disabled;
	}

	int calls() {
		return this.calls.get();
	}

	private boolean isExpiredAt(Instant now) {
		return this.expired || (this.expiresAt != null && !now.isBefore(this.expiresAt));
	}

	/** The key as {@code GET /keys} and {@code POST /keys} describe it. */
	Map<String, Object> toData(String creatorUserId, String workspaceId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("hash", this.hash);
		data.put("name", this.request.name());
		data.put("label", this.label);
		data.put("disabled", this.disabled);
		putLimitsAndUsage(data);
		data.put("created_at", this.createdAt.toString());
		data.put("updated_at", null);
		data.put("expires_at", (this.request.expiresAt() != null) ? this.request.expiresAt().toString() : null);
		data.put("creator_user_id", creatorUserId);
		data.put("workspace_id", workspaceId);
		return data;
	}

	/** The key as {@code GET /key} describes the calling key. */
	Map<String, Object> toCurrentKeyData(String creatorUserId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("label", this.label);
		putLimitsAndUsage(data);
		data.put("is_free_tier", false);
		data.put("is_management_key", false);
		data.put("is_provisioning_key", false);
		data.put("expires_at", (this.request.expiresAt() != null) ? this.request.expiresAt().toString() : null);
		data.put("creator_user_id", creatorUserId);
		Map<String, Object> rateLimit = new LinkedHashMap<>();
		rateLimit.put("requests", -1);
		rateLimit.put("interval", "10s");
		rateLimit.put("note", "This field is deprecated and safe to ignore.");
		data.put("rate_limit", rateLimit);
		return data;
	}

	private void putLimitsAndUsage(Map<String, Object> data) {
		Double max = limit();
		data.put("limit", max);
		data.put("limit_remaining", (max != null) ? Math.max(0, max - spent()) : null);
		data.put("limit_reset", this.request.limitReset());
		data.put("include_byok_in_limit", this.request.includeByokInLimit());
		data.put("usage", spent());
		data.put("usage_daily", spent());
		data.put("usage_weekly", spent());
		data.put("usage_monthly", spent());
		data.put("byok_usage", 0.0);
		data.put("byok_usage_daily", 0.0);
		data.put("byok_usage_weekly", 0.0);
		data.put("byok_usage_monthly", 0.0);
	}

	private static Instant earliest(Instant first, Instant second) {
		if (first == null || second == null) {
			return (first != null) ? first : second;
		}
		return first.isBefore(second) ? first : second;
	}

	@Override
	public String toString() {
		return "SimulatedKey[key=" + this.masked + ", calls=" + this.calls.get() + "]";
	}

}
