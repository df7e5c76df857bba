package io.autorenew.store;

/**
 * Which service instance did something, as recorded in audit events, claims and leases
 * ({@code INSTANCE_ID}, or the JVM's {@code pid@host}).
 *
 * @param value the instance's name
 */
public record InstanceId(String value) {
}
