package io.autorenew.crypto;

import java.util.List;

/**
 * The stored keys as ciphertext, for {@link KeyReencryption}: the key store implements it, so
 * re-encryption never needs to know how a stored key looks beyond its seal.
 */
public interface SealedKeys {

	/** Up to {@code limit} keys not sealed under {@code keyId}, in user id order, after {@code afterUserId} ({@code null}: from the start). */
	List<Sealed> notUnder(String keyId, String afterUserId, int limit);

	/**
	 * Replaces the seal of {@code sealed} with {@code ciphertext} under {@code keyId}, if its
	 * ciphertext is still the one read (a renewal at the same moment wins).
	 * @return whether it was replaced
	 */
	boolean reseal(Sealed sealed, String ciphertext, String keyId);

	/** How many keys are stored. */
	long count();

	/** How many stored keys are not sealed under {@code keyId}. */
	long countNotUnder(String keyId);

	/**
	 * One stored key as ciphertext.
	 *
	 * @param id the stored document's id
	 * @param userId whose key it is (bound into the ciphertext)
	 * @param keyId the id of the key that sealed it ({@code null}: the format from before Tink)
	 * @param ciphertext the sealed key
	 */
	record Sealed(String id, String userId, String keyId, String ciphertext) {

		@Override
		public String toString() {
			return "Sealed[userId=" + this.userId + ", keyId=" + this.keyId + "]";
		}

	}

}
