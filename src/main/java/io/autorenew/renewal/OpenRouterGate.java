package io.autorenew.renewal;

import java.util.Map;
import java.util.function.Function;

import io.autorenew.keys.UserKey;
import io.autorenew.money.Budgets;
import io.autorenew.money.Suspensions;
import io.autorenew.money.UserSuspendedException;
import io.autorenew.openrouter.ApiKey;
import io.autorenew.openrouter.ChatCompletion;
import io.autorenew.openrouter.ChatRequest;
import io.autorenew.openrouter.OpenRouterClient;
import io.autorenew.openrouter.OpenRouterException;
import io.autorenew.openrouter.StreamRelay;
import io.autorenew.openrouter.UpstreamFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal layer around {@link OpenRouterClient} (the "RenewalInterceptor"): calls
 * OpenRouter with the user's own key, provisioning a first key when there is none, and on a
 * 401 renews the key through {@link KeyRenewer} and retries once. A 401 on the retry is not
 * retried again: it surfaces as an {@link OpenRouterException} that asks for renewal.
 */
public final class OpenRouterGate {

	private static final Logger log = LoggerFactory.getLogger(OpenRouterGate.class);

	private final OpenRouterClient openRouter;

	private final KeyRenewer renewer;

	private final Suspensions suspensions;

	private final Budgets budgets;

	OpenRouterGate(OpenRouterClient openRouter, KeyRenewer renewer, Suspensions suspensions,
			Budgets budgets) {
		this.openRouter = openRouter;
		this.renewer = renewer;
		this.suspensions = suspensions;
		this.budgets = budgets;
	}

	/** A chat completion with the user's key. */
	public KeyedResult<ChatCompletion> complete(String userId, ChatRequest request) {
		return withUserKey(userId, (key) -> this.openRouter.complete(key, request));
	}

	/** An answer of one of OpenRouter's APIs, with the user's key (see {@link OpenRouterClient#post}). */
	public KeyedResult<byte[]> post(String userId, String operation, String path, byte[] body,
			Map<String, String> headers) {
		return withUserKey(userId, (key) -> this.openRouter.post(operation, path, key, body, headers));
	}

	/** A stream of one of OpenRouter's APIs with the user's key; a 401 is renewed before the first byte. */
	public KeyedResult<StreamRelay> open(String userId, String operation, String path, byte[] body,
			Map<String, String> headers) {
		return withUserKey(userId, (key) -> this.openRouter.open(operation, path, key, body, headers));
	}

	/**
	 * Whether an operator suspended the user, as this instance knows it (a set read at most
	 * every few seconds): what an open stream asks while it runs.
	 */
	public boolean suspended(String userId) {
		return this.suspensions.isSuspended(userId, false);
	}

	/**
	 * Runs one OpenRouter call with the user's key: renews and retries once on a 401.
	 */
	<T> KeyedResult<T> withUserKey(String userId, Function<ApiKey, T> call) {
		if (this.suspensions.isSuspended(userId, false)) {
			throw new UserSuspendedException(userId);
		}
		KeyLease lease = this.renewer.lease(userId);
		this.budgets.restoreIfDue(lease.key());
		try {
			return new KeyedResult<>(call.apply(lease.key().key()), lease.provisioned(), lease.renewed(),
					lease.key().label());
		}
		catch (OpenRouterException failed) {
			if (failed.upstream() == UpstreamFailure.KEY_LIMIT) {
				throw this.budgets.exhausted(userId);
			}
			if (!failed.upstream().renew()) {
				throw failed;
			}
			UserKey renewed;
			if (failed.upstream() == UpstreamFailure.KEY_DISABLED) {
				if (this.suspensions.isSuspended(userId, true)) {
					throw new UserSuspendedException(userId);
				}
				log.info("[Auto-Renewal] Key {} was disabled at OpenRouter, not by a suspension: replacing it",
						lease.key().label());
				renewed = this.renewer.renewDisabled(userId, lease.key());
			}
			else {
				log.info("[Auto-Renewal] Old key expired: {}", lease.key().label());
				renewed = this.renewer.renew(userId, lease.key());
			}
			T result = call.apply(renewed.key());
			log.info("[Auto-Renewal] API key was automatically renewed during this request");
			return new KeyedResult<>(result, lease.provisioned(), true, renewed.label());
		}
	}

	/**
	 * An OpenRouter answer and what happened to the user's key on the way.
	 *
	 * @param value the answer
	 * @param keyProvisioned the user had no key and got a first one during this call
	 * @param keyRenewed the user's key was replaced during this call (rejected, expired or
	 * unreadable)
	 * @param keyLabel the masked key that answered ({@code ****abcd})
	 */
	public record KeyedResult<T>(T value, boolean keyProvisioned, boolean keyRenewed, String keyLabel) {
	}

}
