package io.autorenew.money;

import java.time.Instant;
import java.util.Optional;

import io.autorenew.alerts.Alerts;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.UserKey;
import io.autorenew.keys.audit.KeyEventLog;
import io.autorenew.keys.audit.KeyEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's suspend and resume. Suspending marks the user in the store first (from then
 * on no instance calls OpenRouter or mints for them), then disables their key at OpenRouter;
 * resuming lifts the mark and enables the key again, or leaves the next request to mint one if
 * there is none. Both are idempotent: the key's state is set again, but only a change is
 * audited.
 */
public final class UserSuspension {

	private static final Logger log = LoggerFactory.getLogger(UserSuspension.class);

	private final Suspensions suspensions;

	private final KeyStore keys;

	private final KeyProvisioner provisioning;

	private final KeyEventLog events;

	private final Alerts alerts;

	UserSuspension(Suspensions suspensions, KeyStore keys, KeyProvisioner provisioning, KeyEventLog events,
			Alerts alerts) {
		this.suspensions = suspensions;
		this.keys = keys;
		this.provisioning = provisioning;
		this.events = events;
		this.alerts = alerts;
	}

	/**
	 * Suspends the user and disables their key.
	 * @throws io.autorenew.openrouter.ProvisioningUnavailableException if the key could not be
	 * disabled (the user stays suspended here; suspending again retries)
	 */
	public void suspend(String userId) {
		boolean changed = this.suspensions.suspend(userId);
		Optional<UserKey> key = this.keys.find(userId);
		key.ifPresent((current) -> this.provisioning.setDisabled(current.keyHash(), true));
		if (changed) {
			this.events.record(userId, KeyEventType.SUSPENDED, "operator", key.map(UserKey::label).orElse(null), null);
			this.alerts.suspended(userId);
			log.info("[Auto-Renewal] User {} suspended; key {} disabled at OpenRouter", userId,
					key.map(UserKey::label).orElse("(none)"));
		}
	}

	/**
	 * Disables the user's key at OpenRouter if they are suspended (read from the store): after
	 * an operator's force-provision, whose new key must not work for a suspended user.
	 * @return whether the user is suspended
	 * @throws io.autorenew.openrouter.ProvisioningUnavailableException if the key could not be
	 * disabled (the user stays suspended here, so no call reaches OpenRouter; suspending again retries)
	 */
	public boolean disableIfSuspended(String userId) {
		if (!this.suspensions.isSuspended(userId, true)) {
			return false;
		}
		this.keys.find(userId).ifPresent((current) -> {
			this.provisioning.setDisabled(current.keyHash(), true);
			log.info("[Auto-Renewal] User {} is suspended: their new key {} is disabled at OpenRouter", userId,
					current.label());
		});
		return true;
	}

	/**
	 * Resumes the user and enables their key.
	 * @throws io.autorenew.openrouter.ProvisioningUnavailableException if the key could not be
	 * enabled (the user is resumed; resuming again retries)
	 */
	public void resume(String userId) {
		boolean changed = this.suspensions.resume(userId);
		Optional<UserKey> key = this.keys.find(userId);
		key.ifPresent((current) -> this.provisioning.setDisabled(current.keyHash(), false));
		if (changed) {
			this.events.record(userId, KeyEventType.RESUMED, "operator", null, key.map(UserKey::label).orElse(null));
			this.alerts.resumed(userId);
			log.info("[Auto-Renewal] User {} resumed; key {} enabled at OpenRouter", userId,
					key.map(UserKey::label).orElse("(none: the next request mints one)"));
		}
	}

	/** Forgets cached suspensions, e.g. after the store was restored from a backup. */
	public void forgetCached() {
		this.suspensions.forgetCached();
	}

	/** Since when the user is suspended (read from the store), or empty if they are not. */
	public Optional<Instant> suspendedAt(String userId) {
		return this.suspensions.suspendedAt(userId);
	}

}
