package io.autorenew.renewal;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventPage;
import io.autorenew.money.Budget;
import io.autorenew.money.Budgets;
import io.autorenew.openrouter.KeyUsage;
import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only views of users' keys: the status (from the store, with usage from OpenRouter's
 * {@code GET /key}, reused for a short while) and the audit trail.
 */
public final class KeyStatusService {

	private static final Logger log = LoggerFactory.getLogger(KeyStatusService.class);

	static final int MAX_PAGE_SIZE = 100;

	private final KeyStore keys;

	private final KeyEventLog events;

	private final OpenRouterClient openRouter;

	private final Cache<String, KeyUsage> usage;

	private final Budgets budgets;

	KeyStatusService(KeyStore keys, KeyEventLog events, OpenRouterClient openRouter, Duration usageTtl,
			Budgets budgets) {
		this.budgets = budgets;
		this.keys = keys;
		this.events = events;
		this.openRouter = openRouter;
		this.usage = Caffeine.newBuilder().expireAfterWrite(usageTtl).maximumSize(10_000).build();
	}

	/** The user's key status, or empty when the user has no key. */
	public Optional<KeyStatus> status(String userId) {
		return this.keys.find(userId).map((key) -> {
			KeyUsage usage = usage(key);
			return KeyStatus.of(key, usage, budget(userId, usage));
		});
	}

	/** Whether the service has seen this user: a stored key, or any event in the audit trail. */
	public boolean knows(String userId) {
		return this.keys.find(userId).isPresent() || this.events.count(userId) > 0;
	}

	/** A page of the user's key events, newest first; {@code size} is capped at 100. */
	public KeyEventPage events(String userId, int page, int size) {
		int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
		int pageNumber = Math.max(page, 0);
		return new KeyEventPage(userId, pageNumber, pageSize, this.events.count(userId),
				this.events.page(userId, pageNumber, pageSize));
	}

	private Budget budget(String userId, KeyUsage usage) {
		try {
			return this.budgets.view(userId, Optional.ofNullable(usage).flatMap(this.budgets::periodSpend));
		}
		catch (RuntimeException ex) {
			log.debug("Budget of user {} unavailable: {}", userId, ex.getClass().getSimpleName());
			return null;
		}
	}

	private KeyUsage usage(UserKey key) {
		if (!key.readable()) {
			return null;
		}
		KeyUsage cached = this.usage.getIfPresent(key.keyHash());
		if (cached != null) {
			return cached;
		}
		try {
			KeyUsage fresh = this.openRouter.keyUsage(key.key());
			this.usage.put(key.keyHash(), fresh);
			return fresh;
		}
		catch (OpenRouterException ex) {
			log.debug("Usage of key {} unavailable: {}", key.label(), ex.getMessage());
			return null;
		}
	}

}
