package io.autorenew.money;

import java.math.BigDecimal;

/**
 * What one deployment-wide cap allows and has used, as operators see it.
 *
 * @param cap {@code mints}, {@code new_users} or {@code total_limit}
 * @param setting the environment variable that sets it
 * @param enabled whether it is set (an unset cap allows everything)
 * @param limit what it allows: mints per minute, new users per hour, or USD for {@code total_limit}
 * @param used what is taken of it now: this minute's mints, this hour's new users, or the USD of the live keys'
 * limits and open reservations; {@code null} when off or not known
 */
public record CapStatus(String cap, String setting, boolean enabled, BigDecimal limit, BigDecimal used) {
}
