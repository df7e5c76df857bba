package io.autorenew.money;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.autorenew.BucketClock;
import io.autorenew.keys.KeyChange;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.web.Failure;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps on what the whole deployment mints (each off when unset), checked before every
 * automatic mint: mints per minute, first keys for never-seen users per hour (token buckets
 * that refill continuously), and the sum of the limits of all live keys. On a shared MongoDB
 * the buckets are the store's, so the caps hold across instances; on the embedded store (one
 * instance) they are in memory. An operator's force-provision is never capped. Each refusal
 * is counted ({@code openrouter.caps.refusals{cap}}) and logged at WARN at most once a minute
 * per cap.
 */
public final class MintCaps {

	private static final Logger log = LoggerFactory.getLogger(MintCaps.class);

	private static final Duration WARN_EVERY = Duration.ofMinutes(1);

	private final CapProperties caps;

	private final Bucket mints;

	private final Bucket newUsers;

	private final KeyEventLog events;

	private final LimitReservations reservations;

	private final BigDecimal limitPerKey;

	private final Duration totalRetryAfter;

	private final Clock clock;

	private final MeterRegistry registry;

	private final Map<Cap, Long> lastWarned = new ConcurrentHashMap<>();

	/** Told the cap's tag at each refusal: the operators' alert. */
	private final Consumer<String> refusing;

	public MintCaps(CapProperties caps, ProxyManager<String> shared, Clock clock, KeyEventLog events,
			LimitReservations reservations, BigDecimal limitPerKey, Duration totalRetryAfter, MeterRegistry registry) {
		this(caps, shared, clock, events, reservations, limitPerKey, totalRetryAfter, registry, (cap) -> {
		});
	}

	/** @param refusing told the cap's tag ({@code mints}, {@code new_users}, {@code total_limit}) at each refusal */
	MintCaps(CapProperties caps, ProxyManager<String> shared, Clock clock, KeyEventLog events,
			LimitReservations reservations, BigDecimal limitPerKey, Duration totalRetryAfter, MeterRegistry registry,
			Consumer<String> refusing) {
		this.refusing = refusing;
		this.caps = caps;
		this.clock = clock;
		this.events = events;
		this.reservations = reservations;
		this.limitPerKey = limitPerKey;
		this.totalRetryAfter = totalRetryAfter;
		this.registry = registry;
		this.mints = (caps.mintsPerMinute() != null)
				? bucket(shared, "cap:mints", caps.mintsPerMinute(), Duration.ofMinutes(1)) : null;
		this.newUsers = (caps.newUsersPerHour() != null)
				? bucket(shared, "cap:new-users", caps.newUsersPerHour(), Duration.ofHours(1)) : null;
		for (Cap cap : Cap.values()) {
			Counter.builder("openrouter.caps.refusals")
				.description("Mints refused by a deployment-wide cap")
				.tag("cap", cap.tag)
				.register(registry);
		}
	}

	/** Each cap: what it allows and what is taken of it now (read, nothing taken). */
	public java.util.List<CapStatus> status() {
		return java.util.List.of(bucketStatus(Cap.MINTS, this.mints, this.caps.mintsPerMinute()),
				bucketStatus(Cap.NEW_USERS, this.newUsers, this.caps.newUsersPerHour()), totalStatus());
	}

	private static CapStatus bucketStatus(Cap cap, Bucket bucket, Long limit) {
		if (bucket == null || limit == null) {
			return new CapStatus(cap.tag, cap.setting, false, null, null);
		}
		long used = Math.max(0, limit - bucket.getAvailableTokens());
		return new CapStatus(cap.tag, cap.setting, true, BigDecimal.valueOf(limit), BigDecimal.valueOf(used));
	}

	private CapStatus totalStatus() {
		if (this.caps.totalLimitUsd() == null) {
			return new CapStatus(Cap.TOTAL_LIMIT.tag, Cap.TOTAL_LIMIT.setting, false, null, null);
		}
		long held = this.reservations.held();
		return new CapStatus(Cap.TOTAL_LIMIT.tag, Cap.TOTAL_LIMIT.setting, true, this.caps.totalLimitUsd(),
				(held < 0) ? null : this.limitPerKey.multiply(BigDecimal.valueOf(held)));
	}

	/**
	 * Takes what a mint for the user needs from each cap: for a first key, a reservation of its
	 * limit under the total-limit cap, held until the key is stored or the mint failed.
	 * @return the reservation to close once the key is stored or the mint failed
	 * @throws MintCapException when a cap is reached (nothing is taken from the others)
	 */
	public LimitReservations.Reservation check(String userId, KeyChange change, boolean firstKey) {
		if (change == KeyChange.FORCED) {
			return LimitReservations.Reservation.NONE;
		}
		LimitReservations.Reservation reservation = LimitReservations.Reservation.NONE;
		if (firstKey && this.caps.totalLimitUsd() != null) {
			long maxKeys = this.caps.totalLimitUsd().divideToIntegralValue(this.limitPerKey).longValueExact();
			reservation = this.reservations.reserve(userId, maxKeys)
				.orElseThrow(() -> refused(Cap.TOTAL_LIMIT, this.totalRetryAfter));
		}
		try {
			boolean newUser = firstKey && this.newUsers != null && this.events.count(userId) == 0;
			if (newUser) {
				take(this.newUsers, Cap.NEW_USERS);
			}
			if (this.mints != null) {
				try {
					take(this.mints, Cap.MINTS);
				}
				catch (MintCapException refused) {
					if (newUser) {
						this.newUsers.addTokens(1);
					}
					throw refused;
				}
			}
			return reservation;
		}
		catch (RuntimeException refused) {
			reservation.close();
			throw refused;
		}
	}

	/** Removes reservations of the total-limit cap left by an instance that died mid-mint. */
	public long repairReservations(java.time.Instant cutoff) {
		return (this.caps.totalLimitUsd() != null) ? this.reservations.repair(cutoff) : 0;
	}

	private void take(Bucket bucket, Cap cap) {
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw refused(cap, Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	private MintCapException refused(Cap cap, Duration retryAfter) {
		this.registry.counter("openrouter.caps.refusals", "cap", cap.tag).increment();
		this.refusing.accept(cap.tag);
		long now = this.clock.millis();
		Long last = this.lastWarned.get(cap);
		if ((last == null || now - last >= WARN_EVERY.toMillis())
				&& (last == null ? this.lastWarned.putIfAbsent(cap, now) == null : this.lastWarned.replace(cap, last, now))) {
			log.warn("[Auto-Renewal] Cap {} reached: mints that need it are refused with 503 {} (logged once a minute)",
					cap.setting, cap.code());
		}
		Duration wait = retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
		return new MintCapException(cap, wait);
	}

	private Bucket bucket(ProxyManager<String> shared, String name, long capacity, Duration period) {
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
			.build();
		if (shared != null) {
			return shared.builder().build(name, () -> configuration);
		}
		return Bucket.builder()
			.addLimit(configuration.getBandwidths()[0])
			.withCustomTimePrecision(new BucketClock(this.clock))
			.build();
	}

	/** The caps, with their problem codes and settings. */
	enum Cap {

		MINTS(Failure.MINT_CAP, "mints", "OPENROUTER_MINTS_PER_MINUTE",
				"The deployment minted as many keys as it may this minute; try again later."),
		NEW_USERS(Failure.NEW_USER_CAP, "new_users", "OPENROUTER_NEW_USERS_PER_HOUR",
				"The deployment took in as many new users as it may this hour; try again later."),
		TOTAL_LIMIT(Failure.TOTAL_LIMIT_CAP, "total_limit", "OPENROUTER_TOTAL_LIMIT_USD",
				"The limits of all live keys add up to the deployment's cap; no more keys can be minted now.");

		private final Failure failure;

		private final String tag;

		private final String setting;

		private final String detail;

		Cap(Failure failure, String tag, String setting, String detail) {
			this.failure = failure;
			this.tag = tag;
			this.setting = setting;
			this.detail = detail;
		}

		Failure failure() {
			return this.failure;
		}

		String code() {
			return this.failure.code();
		}

		String detail() {
			return this.detail;
		}

	}

}
