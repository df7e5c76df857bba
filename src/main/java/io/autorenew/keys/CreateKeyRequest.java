package io.autorenew.keys;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of OpenRouter's {@code POST /keys}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CreateKeyRequest(String name) {
}
