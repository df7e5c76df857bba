package io.autorenew.money;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.autorenew.web.Failure;
import io.autorenew.web.ProblemException;

/**
 * The user spent their whole budget for the period: 402 {@code budget_exhausted}, with the
 * period's end in {@code Retry-After} and as {@code periodEndsAt}. Nothing is minted for them.
 */
final class BudgetExhaustedException extends ProblemException {

	private final Instant periodEndsAt;

	BudgetExhaustedException(String userId, Instant periodEndsAt, Instant now) {
		super("User " + userId + " has spent their budget for the period", null,
				(periodEndsAt != null) ? Duration.between(now, periodEndsAt).plusSeconds(1) : null);
		this.periodEndsAt = periodEndsAt;
	}

	@Override
	public Failure failure() {
		return Failure.BUDGET_EXHAUSTED;
	}

	@Override
	public String problemDetail() {
		return "The spending budget for this period is used up; it is restored when the period ends.";
	}

	@Override
	public Map<String, Object> problemProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("periodEndsAt", (this.periodEndsAt != null) ? this.periodEndsAt.toString() : null);
		return properties;
	}

}
