package io.autorenew.web;

/**
 * Tokens this instance took from one user's shared bucket and has not spent yet
 * ({@link UserRateLimiter}), held until they lapse, and the size of the next batch to take.
 */
final class HeldTokens {

	private final long largestBatch;

	private long tokens;

	private long expiresAt = Long.MIN_VALUE;

	private long batch = 1;

	/** @param largestBatch the most tokens one batch may take */
	HeldTokens(long largestBatch) {
		this.largestBatch = largestBatch;
	}

	/** Spends a held token: the tokens still held after it, or {@code -1} if none was held. */
	synchronized long take(long now) {
		if (this.tokens > 0 && now < this.expiresAt) {
			this.tokens--;
			return this.tokens;
		}
		return -1;
	}

	/**
	 * How many tokens to ask for: twice the last batch if it ran out before it lapsed (the
	 * user is busy on this instance), what was spent of it if it lapsed with tokens left,
	 * otherwise the same again.
	 */
	synchronized long nextBatch(long now) {
		if (now < this.expiresAt) {
			this.batch = Math.min(this.batch * 2, this.largestBatch);
		}
		else if (this.tokens > 0) {
			this.batch = Math.max(1, this.batch - this.tokens);
		}
		return this.batch;
	}

	/** Holds {@code extra} more tokens until {@code until}: the tokens now held. */
	synchronized long keep(long extra, long now, long until) {
		this.tokens = ((now < this.expiresAt) ? this.tokens : 0) + extra;
		this.expiresAt = until;
		return this.tokens;
	}

}
