package io.autorenew.gateway;

import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.autorenew.gateway.InvalidRequestException.invalid;

/**
 * The {@code tools} of a request: tools the client runs itself (functions, custom tools) go
 * on as written; every other type is a server-side tool, run and billed upstream, and is
 * dropped unless the operator allows it by its type ({@code OPENROUTER_SERVER_TOOLS}), and
 * then with its {@code max_uses} and {@code max_results} lowered to
 * {@link GatewayProperties#MAX_SERVER_TOOL_USES}.
 */
final class Tools {

	private Tools() {
	}

	/** @param clientTool whether a tool's {@code type} ({@code ""} when it has none) is one the client runs */
	static FieldRule.Shaper shaper(Predicate<String> clientTool) {
		return (value, policing) -> {
			if (!value.isArray() || !value.valueStream().allMatch(JsonNode::isObject)) {
				throw invalid("tools", "`tools` must be an array of objects.");
			}
			ArrayNode sent = JsonNodeFactory.instance.arrayNode();
			for (JsonNode tool : value) {
				String type = tool.path("type").asString("");
				if (clientTool.test(type)) {
					sent.add(tool);
				}
				else if (policing.gateway().allowsServerTool(type)) {
					sent.add(bounded((ObjectNode) tool));
				}
				else {
					policing.drop("tools[" + (type.matches("[A-Za-z0-9_.:-]{1,100}") ? type : "?") + "]");
				}
			}
			return sent.isEmpty() ? null : sent;
		};
	}

	/** The tool with {@code max_uses} and {@code max_results} lowered, on the tool or in its {@code parameters}. */
	private static ObjectNode bounded(ObjectNode tool) {
		lowerUses(tool);
		if (tool.get("parameters") instanceof ObjectNode parameters) {
			lowerUses(parameters);
		}
		return tool;
	}

	private static void lowerUses(ObjectNode holder) {
		for (String cap : List.of("max_uses", "max_results")) {
			JsonNode value = holder.get(cap);
			if (value != null && (!value.isIntegralNumber() || value.asLong() > GatewayProperties.MAX_SERVER_TOOL_USES)) {
				holder.put(cap, GatewayProperties.MAX_SERVER_TOOL_USES);
			}
		}
	}

	static PolicyRule clientRow(String types) {
		return PolicyRule.of("`tools`: " + types, Treatment.FORWARD, "run by the client: they cost only tokens");
	}

	static PolicyRule serverRow(String examples) {
		return PolicyRule.optIn("`tools`: server-side tools (" + examples + ", any other type)", "OPENROUTER_SERVER_TOOLS",
				"run and billed upstream on top of the tokens; an allowed one has `max_uses` and `max_results` "
						+ "lowered to " + GatewayProperties.MAX_SERVER_TOOL_USES);
	}

}
