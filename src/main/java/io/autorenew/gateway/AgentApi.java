package io.autorenew.gateway;

import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * One agent API as the gateway serves it: OpenRouter's path for it, its request policy, what
 * a plain answer must look like, and how its stream events reach the client. Its error shape
 * is the {@link io.autorenew.web.ErrorShape} bean of the package that owns it.
 *
 * @param name the API as the spend ledger names it ({@code chat}, {@code responses}, {@code messages})
 * @param operation what a call is, as errors and logs name it ("chat completion")
 * @param path OpenRouter's path, under its base URL
 */
public record AgentApi(String name, String operation, String path, RequestPolicy policy, Predicate<JsonNode> answer,
		StreamDialect events) {
}
