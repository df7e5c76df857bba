package io.autorenew.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.OpenRouterErrors;
import io.autorenew.openrouter.OpenRouterException;
import io.autorenew.openrouter.OpenRouterRateLimitedException;
import io.autorenew.openrouter.OpenRouterUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;

/**
 * OpenRouter's key-management API, called with the management key: mints runtime keys
 * ({@code POST /keys}), lists them ({@code GET /keys}) and deletes them
 * ({@code DELETE /keys/{hash}}).
 * <p>
 * A mint is sent once: replaying a {@code POST} whose answer was lost could create a key
 * nobody tracks (the reconciler removes such keys). Deletes and lists are idempotent and
 * are retried with back-off.
 */
public final class KeyProvisioningClient implements KeyProvisioner {

	private static final Logger log = LoggerFactory.getLogger(KeyProvisioningClient.class);

	static final String MINT = "key mint";

	static final String DELETE = "key delete";

	static final String LIST = "key list";

	private final RestClient http;

	private final OpenRouterErrors errors;

	private final KeyProvisioningProperties properties;

	private final KeyPolicyProperties policy;

	private final Optional<ApiKey> managementKey;

	private final RetryTemplate idempotentRetry;

	private final Clock clock;

	private final ProvisioningCircuit circuit;

	KeyProvisioningClient(RestClient http, OpenRouterErrors errors, KeyProvisioningProperties properties,
			KeyPolicyProperties policy, RetryTemplate idempotentRetry, ProvisioningCircuit circuit, Clock clock) {
		this.http = http;
		this.errors = errors;
		this.properties = properties;
		this.policy = policy;
		this.managementKey = properties.managementKey();
		this.idempotentRetry = idempotentRetry;
		this.circuit = circuit;
		this.clock = clock;
	}

	boolean isConfigured() {
		return this.managementKey.isPresent();
	}

	/** The mint circuit breaker's state: CLOSED, OPEN or HALF_OPEN. */
	String mintCircuitState() {
		return this.circuit.state().name();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Mints pass through a circuit breaker: after repeated failures they fail fast for a
	 * growing cool-down instead of hammering OpenRouter.
	 */
	@Override
	public MintedKey mint(String userId) {
		ApiKey management = management();
		return this.circuit.mint(() -> mint(userId, management));
	}

	private MintedKey mint(String userId, ApiKey management) {
		Instant expiresAt = this.clock.instant().plus(this.policy.ttl()).truncatedTo(ChronoUnit.SECONDS);
		CreateKeyRequest request = new CreateKeyRequest(NAME_PREFIX + userId + ":" + UUID.randomUUID(),
				this.policy.limitUsd(), this.policy.limitResetToSend(), expiresAt.toString());
		try {
			CreateKeyResponse created = this.errors.call(MINT, () -> this.http.post()
				.uri("/keys")
				.header(HttpHeaders.AUTHORIZATION, management.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(request)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (req, res) -> {
					throw this.errors.fromResponse(MINT, res);
				})
				.body(CreateKeyResponse.class));
			if (created == null || created.key() == null || created.key().isBlank() || created.data() == null
					|| created.data().hash() == null || created.data().hash().isBlank()) {
				throw new OpenRouterUnavailableException(MINT, 201, "answer without key or hash", null);
			}
			Instant granted = instant(created.data().expiresAt());
			return new MintedKey(new ApiKey(created.key()), created.data().hash(),
					(granted != null) ? granted : expiresAt);
		}
		catch (OpenRouterException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public boolean delete(String hash) {
		ApiKey management = management();
		return idempotent(() -> this.errors.call(DELETE, () -> this.http.delete()
			.uri("/keys/{hash}", hash)
			.header(HttpHeaders.AUTHORIZATION, management.bearer())
			.accept(MediaType.APPLICATION_JSON)
			.exchange((req, res) -> {
				if (res.getStatusCode().value() == 404) {
					return false;
				}
				if (res.getStatusCode().isError()) {
					throw this.errors.fromResponse(DELETE, res);
				}
				return true;
			})));
	}

	@Override
	public List<ListedKey> list(int offset) {
		ApiKey management = management();
		KeyList page = idempotent(() -> this.errors.call(LIST, () -> this.http.get()
			.uri("/keys?offset={offset}", offset)
			.header(HttpHeaders.AUTHORIZATION, management.bearer())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (req, res) -> {
				throw this.errors.fromResponse(LIST, res);
			})
			.body(KeyList.class)));
		if (page == null || page.data() == null) {
			return List.of();
		}
		return page.data()
			.stream()
			.filter((key) -> key.hash() != null && key.name() != null)
			.map((key) -> new ListedKey(key.hash(), key.name(), key.label(), instant(key.createdAt())))
			.toList();
	}

	private <T> T idempotent(java.util.function.Supplier<T> call) {
		try {
			return this.idempotentRetry.execute((context) -> call.get());
		}
		catch (OpenRouterException ex) {
			throw unavailable(ex);
		}
	}

	private ApiKey management() {
		return this.managementKey
			.orElseThrow(() -> new ProvisioningNotConfiguredException(this.properties.retryAfter()));
	}

	private ProvisioningUnavailableException unavailable(OpenRouterException ex) {
		Duration retryAfter = this.properties.retryAfter();
		if (ex instanceof OpenRouterRateLimitedException limited && limited.retryAfter().compareTo(retryAfter) > 0) {
			retryAfter = limited.retryAfter();
		}
		return new ProvisioningUnavailableException(ex.getMessage(), retryAfter, ex);
	}

	/** An OpenRouter timestamp: ISO-8601, or null. */
	private static Instant instant(String timestamp) {
		if (timestamp == null || timestamp.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(timestamp).toInstant();
		}
		catch (DateTimeParseException ex) {
			log.warn("[Auto-Renewal] Ignoring an unreadable timestamp from OpenRouter");
			return null;
		}
	}

}
