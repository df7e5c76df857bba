package io.autorenew.standin;

import java.util.Map;

import tools.jackson.databind.ObjectMapper;

/** A call's body reduced to what the stand-in answers from, answered in its API's shape. */
interface Prompt {

	/**
	 * The whole answer.
	 * @param created when it was made, in seconds since the epoch (where the API shows it)
	 */
	Map<String, Object> answer(String id, long created);

	/** The answer as the API's server-sent events. */
	String events(String id, long created, ObjectMapper json);

}
