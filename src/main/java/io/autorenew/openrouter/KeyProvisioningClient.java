package io.autorenew.openrouter;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

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
public final class KeyProvisioningClient {

	static final String MINT = "key mint";

	static final String DELETE = "key delete";

	static final String LIST = "key list";

	static final String UPDATE = "key update";

	static final String DESCRIBE = "key read";

	private final RestClient http;

	private final OpenRouterErrors errors;

	private final KeyProvisioningProperties properties;

	private final Optional<ApiKey> managementKey;

	private final RetryTemplate idempotentRetry;

	private final ProvisioningCircuit circuit;

	KeyProvisioningClient(RestClient http, OpenRouterErrors errors, KeyProvisioningProperties properties,
			RetryTemplate idempotentRetry, ProvisioningCircuit circuit) {
		this.http = http;
		this.errors = errors;
		this.properties = properties;
		this.managementKey = properties.managementKey();
		this.idempotentRetry = idempotentRetry;
		this.circuit = circuit;
	}

	/** Whether a management key is configured: without one, every call fails as not configured. */
	public boolean isConfigured() {
		return this.managementKey.isPresent();
	}

	/** The mint circuit breaker's state: CLOSED, OPEN or HALF_OPEN. */
	String mintCircuitState() {
		return this.circuit.state().name();
	}

	/**
	 * Creates a runtime key ({@code POST /keys}). Mints pass through a circuit breaker: after
	 * repeated failures they fail fast for a growing cool-down instead of hammering OpenRouter.
	 * @param name the key's name
	 * @param limit its spending limit in USD
	 * @param limitReset how often the limit resets ({@code daily}, {@code weekly},
	 * {@code monthly}), or {@code null} for never
	 * @param expiresAt when OpenRouter is to expire it (sent to the second)
	 * @throws ProvisioningUnavailableException when no key can be minted now
	 */
	public MintedKey create(String name, BigDecimal limit, String limitReset, Instant expiresAt) {
		ApiKey management = management();
		Instant expiry = expiresAt.truncatedTo(ChronoUnit.SECONDS);
		KeyApiBodies.CreateKeyRequest request = new KeyApiBodies.CreateKeyRequest(name, limit, limitReset, expiry.toString());
		return this.circuit.mint(() -> create(request, expiry, management));
	}

	private MintedKey create(KeyApiBodies.CreateKeyRequest request, Instant expiresAt, ApiKey management) {
		try {
			KeyApiBodies.CreateKeyResponse created = this.errors.call(MINT, () -> this.http.post()
				.uri("/keys")
				.header(HttpHeaders.AUTHORIZATION, management.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(request)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (req, res) -> {
					throw this.errors.fromResponse(MINT, res);
				})
				.body(KeyApiBodies.CreateKeyResponse.class));
			if (created == null || created.key() == null || created.key().isBlank() || created.data() == null
					|| created.data().hash() == null || created.data().hash().isBlank()) {
				throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, MINT, 201, "answer without key or hash");
			}
			Instant granted = KeyApiBodies.instant(created.data().expiresAt());
			return new MintedKey(new ApiKey(created.key()), created.data().hash(),
					(granted != null) ? granted : expiresAt);
		}
		catch (OpenRouterException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Deletes a key by its hash ({@code DELETE /keys/{hash}}); a key that is already gone
	 * counts as deleted.
	 * @return {@code true} if it was deleted now, {@code false} if it was already gone
	 * @throws ProvisioningUnavailableException when the key could not be deleted
	 */
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

	/**
	 * Disables or enables a key ({@code PATCH /keys/{hash}} with {@code disabled}).
	 * @return {@code true} if the key exists, {@code false} if it is gone
	 * @throws ProvisioningUnavailableException when the key could not be updated
	 */
	public boolean setDisabled(String hash, boolean disabled) {
		return update(hash, new KeyApiBodies.UpdateKeyRequest(disabled, null));
	}

	/**
	 * Sets a key's spending limit ({@code PATCH /keys/{hash}} with {@code limit}).
	 * @return {@code true} if the key exists, {@code false} if it is gone
	 * @throws ProvisioningUnavailableException when the key could not be updated
	 */
	public boolean setLimit(String hash, BigDecimal limit) {
		return update(hash, new KeyApiBodies.UpdateKeyRequest(null, limit));
	}

	/**
	 * What OpenRouter knows of a key ({@code GET /keys/{hash}}): its limit and usage.
	 * @return empty if the key is gone
	 * @throws ProvisioningUnavailableException when it could not be read
	 */
	public Optional<KeyDetails> describe(String hash) {
		ApiKey management = management();
		return idempotent(() -> this.errors.call(DESCRIBE, () -> this.http.get()
			.uri("/keys/{hash}", hash)
			.header(HttpHeaders.AUTHORIZATION, management.bearer())
			.accept(MediaType.APPLICATION_JSON)
			.exchange((req, res) -> {
				if (res.getStatusCode().value() == 404) {
					return Optional.<KeyDetails>empty();
				}
				if (res.getStatusCode().isError()) {
					throw this.errors.fromResponse(DESCRIBE, res);
				}
				KeyApiBodies.DetailsEnvelope envelope = res.bodyTo(KeyApiBodies.DetailsEnvelope.class);
				return Optional.ofNullable((envelope != null) ? envelope.data() : null);
			})));
	}

	private boolean update(String hash, KeyApiBodies.UpdateKeyRequest changes) {
		ApiKey management = management();
		return idempotent(() -> this.errors.call(UPDATE, () -> this.http.patch()
			.uri("/keys/{hash}", hash)
			.header(HttpHeaders.AUTHORIZATION, management.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.body(changes)
			.exchange((req, res) -> {
				if (res.getStatusCode().value() == 404) {
					return false;
				}
				if (res.getStatusCode().isError()) {
					throw this.errors.fromResponse(UPDATE, res);
				}
				return true;
			})));
	}

	/**
	 * One page of the keys the management key can see ({@code GET /keys}), from {@code offset},
	 * disabled ones included: OpenRouter leaves them out unless asked, and a suspended user's
	 * disabled key is still one of this deployment's keys.
	 */
	public List<ListedKey> list(int offset) {
		ApiKey management = management();
		KeyApiBodies.KeyList page = idempotent(() -> this.errors.call(LIST, () -> this.http.get()
			.uri("/keys?offset={offset}&include_disabled=true", offset)
			.header(HttpHeaders.AUTHORIZATION, management.bearer())
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (req, res) -> {
				throw this.errors.fromResponse(LIST, res);
			})
			.body(KeyApiBodies.KeyList.class)));
		return (page != null) ? page.keys() : List.of();
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
		if (ex.retryAfter() != null && ex.retryAfter().compareTo(retryAfter) > 0) {
			retryAfter = ex.retryAfter();
		}
		return new ProvisioningUnavailableException(ex.getMessage(), retryAfter, ex);
	}

}
