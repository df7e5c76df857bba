package io.autorenew.spend;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One finished call in the spend ledger: who spent what, on which API and model, with which
 * key. No model metadata: what a model is lives in one place, not in every entry.
 *
 * @param at when the call finished
 * @param userId the signed-in user
 * @param api {@code analysis}, {@code chat}, {@code responses} or {@code messages}
 * @param model the model that answered, as OpenRouter names it
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens completion tokens, reasoning ones included
 * @param reasoningTokens reasoning tokens, where the API counts them
 * @param cachedTokens prompt tokens read from the cache
 * @param costUsd what OpenRouter says the call cost ({@code usage.cost}), in USD
 * @param keyLast4 the last four characters of the user's key that paid
 * @param status {@code ok}, or {@code caller_left} for a stream whose caller went away after its usage came
 * @param requestId the request's {@code X-Request-Id}
 */
public record SpendEntry(Instant at, String userId, String api, String model, long inputTokens, long outputTokens,
		long reasoningTokens, long cachedTokens, BigDecimal costUsd, String keyLast4, String status,
		String requestId) {
}
