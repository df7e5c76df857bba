package io.autorenew.keys;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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
 * ({@code POST /keys}) and deletes them ({@code DELETE /keys/{hash}}).
 * <p>
 * A mint is sent once: replaying a {@code POST} whose answer was lost could create a key
 * nobody tracks. A delete is idempotent and is retried with back-off.
 */
public final class KeyProvisioningClient implements KeyProvisioner {

	private static final Logger log = LoggerFactory.getLogger(KeyProvisioningClient.class);

	static final String MINT = "key mint";

	static final String DELETE = "key delete";

	private final RestClient http;

	private final OpenRouterErrors errors;

	private final KeyProvisioningProperties properties;

	private final Optional<ApiKey> managementKey;

	private final RetryTemplate deleteRetry;

	KeyProvisioningClient(RestClient http, OpenRouterErrors errors, KeyProvisioningProperties properties,
			RetryTemplate deleteRetry) {
		this.http = http;
		this.errors = errors;
		this.properties = properties;
		this.managementKey = properties.managementKey();
		this.deleteRetry = deleteRetry;
	}

	boolean isConfigured() {
		return this.managementKey.isPresent();
	}

	/**
	 * Mints a runtime key.
	 * @throws ProvisioningNotConfiguredException when no management key is set
	 * @throws ProvisioningUnavailableException when the key-management API fails
	 */
	@Override
	public MintedKey mint(String name) {
		ApiKey management = this.managementKey
			.orElseThrow(() -> new ProvisioningNotConfiguredException(this.properties.retryAfter()));
		try {
			CreateKeyResponse created = this.errors.call(MINT, () -> this.http.post()
				.uri("/keys")
				.header(HttpHeaders.AUTHORIZATION, management.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(new CreateKeyRequest(name))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (req, res) -> {
					throw this.errors.fromResponse(MINT, res);
				})
				.body(CreateKeyResponse.class));
			if (created == null || created.key() == null || created.key().isBlank() || created.data() == null
					|| created.data().hash() == null || created.data().hash().isBlank()) {
				throw new OpenRouterUnavailableException(MINT, 201, "answer without key or hash", null);
			}
			return new MintedKey(new ApiKey(created.key()), created.data().hash(), instant(created.data().expiresAt()));
		}
		catch (OpenRouterException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Deletes a runtime key by its hash. A key OpenRouter no longer knows (404) counts as
	 * deleted.
	 * @return {@code true} if OpenRouter deleted it now, {@code false} if it was already gone
	 * @throws ProvisioningUnavailableException when the key-management API keeps failing
	 */
	@Override
	public boolean delete(String hash) {
		ApiKey management = this.managementKey
			.orElseThrow(() -> new ProvisioningNotConfiguredException(this.properties.retryAfter()));
		try {
			return this.deleteRetry.execute((context) -> this.errors.call(DELETE, () -> this.http.delete()
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
		catch (OpenRouterException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Deletes a key that is no longer wanted, logging instead of failing: the caller has
	 * already finished its real work.
	 */
	@Override
	public void deleteQuietly(String hash, String why) {
		try {
			delete(hash);
		}
		catch (ProvisioningUnavailableException ex) {
			log.warn("[Auto-Renewal] Could not delete {} key {}: {}", why, hash, ex.getMessage());
		}
	}

	private ProvisioningUnavailableException unavailable(OpenRouterException ex) {
		Duration retryAfter = this.properties.retryAfter();
		if (ex instanceof OpenRouterRateLimitedException limited && limited.retryAfter().compareTo(retryAfter) > 0) {
			retryAfter = limited.retryAfter();
		}
		return new ProvisioningUnavailableException(ex.getMessage(), retryAfter, ex);
	}

	/** OpenRouter's {@code expires_at}: an ISO-8601 timestamp, or null for never. */
	private static Instant instant(String timestamp) {
		if (timestamp == null || timestamp.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(timestamp).toInstant();
		}
		catch (DateTimeParseException ex) {
			log.warn("[Auto-Renewal] Ignoring unreadable expires_at from OpenRouter");
			return null;
		}
	}


}
