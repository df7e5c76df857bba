package io.autorenew.gateway;

import tools.jackson.databind.JsonNode;

/**
 * How a request policy treats one top-level field: its documented row and the shaper that
 * makes the value to send from the caller's.
 *
 * @param always whether the shaper runs when the field is left out (to fill in a default or
 * refuse a missing required field)
 */
record FieldRule(String field, PolicyRule row, Shaper shaper, boolean always) {

	/** Makes the value sent on; {@code null} to send nothing. */
	@FunctionalInterface
	interface Shaper {

		/**
		 * @param value the caller's value, {@code null} when left out (only for {@code always} rules)
		 * @throws InvalidRequestException when the value is refused
		 */
		JsonNode shape(JsonNode value, Policing policing);

	}

}
