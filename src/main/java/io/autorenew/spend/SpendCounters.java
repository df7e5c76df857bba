package io.autorenew.spend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The spend meters every finished call counts in at once, before its ledger entry is
 * written: {@code openrouter.spend.usd} and {@code openrouter.spend.tokens} by API and model,
 * made once for each and counted on every call, and {@code openrouter.spend.unpriced} by API,
 * each API's there from the start.
 */
final class SpendCounters {

	/** The APIs as the ledger names them, each with its unpriced count from the start. */
	private static final List<String> APIS = List.of("analysis", "chat", "responses", "messages");

	private final MeterRegistry registry;

	private final Map<MeterKey, ModelMeters> meters = new ConcurrentHashMap<>();

	SpendCounters(MeterRegistry registry) {
		this.registry = registry;
		APIS.forEach(this::unpricedCounter);
	}

	/** Counts one entry's cost and tokens. */
	void count(SpendEntry entry) {
		this.meters.computeIfAbsent(new MeterKey(entry.api(), entry.model()), this::meters).count(entry);
	}

	/** A call of {@code api} that ended before OpenRouter said what it cost. */
	void unpriced(String api) {
		unpricedCounter(api).increment();
	}

	private Counter unpricedCounter(String api) {
		return Counter.builder("openrouter.spend.unpriced")
			.description("Calls that ended before OpenRouter said what they cost (streams cut short)")
			.tag("api", api)
			.register(this.registry);
	}

	private ModelMeters meters(MeterKey key) {
		return new ModelMeters(Counter.builder("openrouter.spend.usd")
			.description("What OpenRouter says the calls cost, in USD")
			.tag("api", key.api())
			.tag("model", key.model())
			.register(this.registry), tokens(key, "input"), tokens(key, "output"), tokens(key, "reasoning"),
				tokens(key, "cached"));
	}

	private Counter tokens(MeterKey key, String kind) {
		return Counter.builder("openrouter.spend.tokens")
			.description("Tokens of the calls, by kind")
			.tag("api", key.api())
			.tag("model", key.model())
			.tag("kind", kind)
			.register(this.registry);
	}

	/** The meters of one API and model. */
	private record MeterKey(String api, String model) {
	}

	/** One API and model's spend and token counters, made once and counted on every call. */
	private record ModelMeters(Counter usd, Counter input, Counter output, Counter reasoning, Counter cached) {

		void count(SpendEntry entry) {
			this.usd.increment(entry.costUsd().doubleValue());
			this.input.increment(entry.inputTokens());
			this.output.increment(entry.outputTokens());
			this.reasoning.increment(entry.reasoningTokens());
			this.cached.increment(entry.cachedTokens());
		}

	}

}
