package io.autorenew.openrouter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

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
public final class KeyProvisioningClient {

	private static final Logger log = LoggerFactory.getLogger(KeyProvisioningClient.class);

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
		CreateKeyRequest request = new CreateKeyRequest(name, limit, limitReset, expiry.toString());
		return this.circuit.mint(() -> create(request, expiry, management));
	}

	private MintedKey create(CreateKeyRequest request, Instant expiresAt, ApiKey management) {
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
				throw new OpenRouterException(UpstreamFailure.UNAVAILABLE, MINT, 201, "answer without key or hash");
			}
			Instant granted = instant(created.data().expiresAt());
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
		return update(hash, new UpdateKeyRequest(disabled, null));
	}

	/**
	 * Sets a key's spending limit ({@code PATCH /keys/{hash}} with {@code limit}).
	 * @return {@code true} if the key exists, {@code false} if it is gone
	 * @throws ProvisioningUnavailableException when the key could not be updated
	 */
	public boolean setLimit(String hash, BigDecimal limit) {
		return update(hash, new UpdateKeyRequest(null, limit));
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
				KeyDetails.Envelope envelope = res.bodyTo(KeyDetails.Envelope.class);
				return Optional.ofNullable((envelope != null) ? envelope.data() : null);
			})));
	}

	private boolean update(String hash, UpdateKeyRequest changes) {
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
		KeyList page = idempotent(() -> this.errors.call(LIST, () -> this.http.get()
			.uri("/keys?offset={offset}&include_disabled=true", offset)
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
			.map((key) -> new ListedKey(key.hash(), key.name(), key.label(), instant(key.createdAt()),
					(key.usageDaily() != null) ? key.usageDaily() : 0))
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
		if (ex.retryAfter() != null && ex.retryAfter().compareTo(retryAfter) > 0) {
			retryAfter = ex.retryAfter();
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

	/** Body of OpenRouter's {@code PATCH /keys/{hash}}: only what is changed. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record UpdateKeyRequest(Boolean disabled, BigDecimal limit) {
	}

	/**
	 * A key as {@code GET /keys/{hash}} describes it: its limit and what it has spent, in USD,
	 * in all and in OpenRouter's current day, week (from Monday) and month (all UTC).
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record KeyDetails(BigDecimal limit, double usage, @JsonProperty("usage_daily") double usageDaily,
			@JsonProperty("usage_weekly") double usageWeekly, @JsonProperty("usage_monthly") double usageMonthly,
			boolean disabled) {

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Envelope(KeyDetails data) {
		}

	}

	/**
	 * Body of OpenRouter's {@code POST /keys}: every key is bounded by a spending limit and an
	 * expiry.
	 *
	 * @param name {@code analysis-service:<userId>:<mint id>}
	 * @param limit spending limit in USD
	 * @param limitReset {@code daily}, {@code weekly}, {@code monthly}, or absent
	 * @param expiresAt UTC timestamp ending in {@code Z}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CreateKeyRequest(String name, BigDecimal limit, @JsonProperty("limit_reset") String limitReset,
			@JsonProperty("expires_at") String expiresAt) {
	}

	/** The answer of OpenRouter's {@code GET /keys}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record KeyList(List<Item> data) {

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Item(String hash, String name, String label, @JsonProperty("created_at") String createdAt,
				@JsonProperty("usage_daily") Double usageDaily) {
		}

	}

	/** The 201 answer of OpenRouter's {@code POST /keys}. Prints the key masked. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CreateKeyResponse(Data data, String key) {

		@Override
		public String toString() {
			return "CreateKeyResponse[data=" + this.data + ", key=" + ApiKey.mask(this.key) + "]";
		}

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Data(String hash, String label, @JsonProperty("expires_at") String expiresAt) {
		}

	}

	/**
	 * A runtime key OpenRouter just created.
	 *
	 * @param key the key itself (prints masked)
	 * @param hash OpenRouter's identifier of the key, used to delete it
	 * @param expiresAt when OpenRouter will expire it, or {@code null} for never
	 */
	public record MintedKey(ApiKey key, String hash, Instant expiresAt) {
	}

	/**
	 * A key as OpenRouter's {@code GET /keys} lists it: never the key itself.
	 *
	 * @param hash OpenRouter's identifier
	 * @param name the name given at mint time
	 * @param label OpenRouter's label, e.g. {@code sk-or-v1-0e6...1c96}
	 * @param createdAt when it was created, or {@code null} if OpenRouter did not say
	 * @param usageDaily what it spent today (UTC), in USD, as OpenRouter counts it
	 */
	public record ListedKey(String hash, String name, String label, Instant createdAt, double usageDaily) {

		/** A listed key whose usage is not known. */
		public ListedKey(String hash, String name, String label, Instant createdAt) {
			this(hash, name, label, createdAt, 0);
		}

	}

}
