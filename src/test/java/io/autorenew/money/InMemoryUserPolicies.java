package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** {@link UserPolicies} in memory, with the same upsert and conditional semantics as the MongoDB one. */
public final class InMemoryUserPolicies implements UserPolicies {

	private final Map<String, UserPolicy> policies = new ConcurrentHashMap<>();

	/** When set, every carry throws it, as a store that went down would. */
	public volatile RuntimeException carriesFail;

	@Override
	public Optional<UserPolicy> find(String userId) {
		return Optional.ofNullable(this.policies.get(userId));
	}

	@Override
	public List<UserPolicy> all() {
		return List.copyOf(this.policies.values());
	}

	@Override
	public UserPolicy inPeriod(String userId, Instant start) {
		return this.policies.compute(userId, (id, policy) -> {
			UserPolicy current = (policy != null) ? policy : UserPolicy.empty(id);
			if (current.periodStart() != null && !current.periodStart().isBefore(start)) {
				return current;
			}
			return new UserPolicy(id, current.budgetUsd(), start, Map.of(), current.keyHash(), current.keyLimitUsd(),
					current.suspendedAt());
		});
	}

	@Override
	public void setBudget(String userId, BigDecimal budgetUsd) {
		change(userId, (p) -> new UserPolicy(p.userId(), budgetUsd, p.periodStart(), p.spentByKey(), p.keyHash(),
				p.keyLimitUsd(), p.suspendedAt()));
	}

	@Override
	public UserPolicy carry(String userId, String keyHash, BigDecimal spentUsd) {
		failIfDown();
		return change(userId, (p) -> p.withSpent(keyHash, spentUsd));
	}

	@Override
	public Optional<UserPolicy> carryInPeriod(String userId, Instant start, String keyHash, BigDecimal spentUsd) {
		failIfDown();
		return Optional.ofNullable(this.policies.computeIfPresent(userId, (id, p) -> {
			if (p.periodStart() == null || p.periodStart().isBefore(start)) {
				return p;
			}
			return p.withSpent(keyHash, spentUsd);
		})).filter((p) -> p.periodStart() != null && !p.periodStart().isBefore(start));
	}

	@Override
	public void liveKey(String userId, String keyHash, BigDecimal limitUsd) {
		change(userId, (p) -> new UserPolicy(p.userId(), p.budgetUsd(), p.periodStart(), p.spentByKey(), keyHash,
				limitUsd, p.suspendedAt()));
	}

	@Override
	public List<UserPolicy> liveKeysBefore(Instant start) {
		return this.policies.values()
			.stream()
			.filter((p) -> p.keyHash() != null && p.periodStart() != null && p.periodStart().isBefore(start))
			.toList();
	}

	@Override
	public boolean suspend(String userId, Instant at, String by) {
		boolean[] changed = { false };
		change(userId, (p) -> {
			if (p.suspended()) {
				return p;
			}
			changed[0] = true;
			return new UserPolicy(p.userId(), p.budgetUsd(), p.periodStart(), p.spentByKey(), p.keyHash(),
					p.keyLimitUsd(), at);
		});
		return changed[0];
	}

	@Override
	public boolean resume(String userId) {
		boolean[] changed = { false };
		this.policies.computeIfPresent(userId, (id, p) -> {
			changed[0] = p.suspended();
			return new UserPolicy(id, p.budgetUsd(), p.periodStart(), p.spentByKey(), p.keyHash(), p.keyLimitUsd(),
					null);
		});
		return changed[0];
	}

	@Override
	public Set<String> suspendedUsers() {
		return this.policies.values().stream().filter(UserPolicy::suspended).map(UserPolicy::userId)
			.collect(Collectors.toSet());
	}

	private UserPolicy change(String userId, java.util.function.UnaryOperator<UserPolicy> change) {
		return this.policies.compute(userId, (id, p) -> change.apply((p != null) ? p : UserPolicy.empty(id)));
	}

	private void failIfDown() {
		RuntimeException down = this.carriesFail;
		if (down != null) {
			throw down;
		}
	}

}
