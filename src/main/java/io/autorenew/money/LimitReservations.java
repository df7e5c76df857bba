package io.autorenew.money;

import java.time.Instant;

/**
 * Reservations of the total-limit cap ({@code OPENROUTER_TOTAL_LIMIT_USD}): a first key's limit
 * is reserved in the store before it is minted, so keys minted at the same moment, on any
 * instance, never add up past the cap. A reservation is released when the mint fails and
 * settled (removed) once the key is stored and counts as live.
 */
public interface LimitReservations {

	/**
	 * Reserves one key for {@code userId} if the live keys and the reservations made before
	 * this one leave room for it under {@code maxKeys}.
	 * @return the reservation, to close once the key is stored or the mint failed; empty when
	 * there is no room (nothing stays reserved)
	 */
	java.util.Optional<Reservation> reserve(String userId, long maxKeys);

	/** The keys the total-limit cap counts now: live keys and open reservations ({@code -1}: not known). */
	default long held() {
		return -1;
	}

	/** Removes reservations made before {@code cutoff}: left by an instance that died mid-mint. */
	long repair(Instant cutoff);

	/** One reserved key; closing it releases or settles it. */
	interface Reservation extends AutoCloseable {

		/** Does nothing: what a mint that needs no reservation holds. */
		Reservation NONE = () -> {
		};

		@Override
		void close();

	}

}
