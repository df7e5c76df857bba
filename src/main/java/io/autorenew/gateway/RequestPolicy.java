package io.autorenew.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One API's request policy, as data: a rule for every field the official SDKs and the coding
 * agents send (forward, bound, drop or refuse), rules for the parts inside fields (tools,
 * {@code cache_control}) and for headers. What goes upstream is built from these rules, never
 * copied: a field no rule names is dropped (and named in {@code X-Dropped}), unless the
 * operator passes it through.
 */
public final class RequestPolicy {

	private final String api;

	private final Map<String, FieldRule> fields;

	private final List<PolicyRule> partRows;

	private final HeaderPolicy headers;

	private final Set<String> fileTypes;

	private RequestPolicy(String api, Map<String, FieldRule> fields, List<PolicyRule> partRows, HeaderPolicy headers,
			Set<String> fileTypes) {
		this.api = api;
		this.fileTypes = fileTypes;
		this.fields = fields;
		this.partRows = partRows;
		this.headers = headers;
	}

	static Builder builder(String api) {
		return new Builder(api);
	}

	public String api() {
		return this.api;
	}

	/** The fields sent on (forwarded or bounded), in the order they are sent, each with its row. */
	public Map<String, PolicyRule> sentFields() {
		Map<String, PolicyRule> sent = new LinkedHashMap<>();
		this.fields.values()
			.stream()
			.filter((rule) -> rule.row().treatment() == Treatment.FORWARD || rule.row().treatment() == Treatment.BOUND)
			.forEach((rule) -> sent.put(rule.field(), rule.row()));
		return sent;
	}

	/** Every row of the policy, fields first, then the parts of fields, then headers: what docs/agents.md shows. */
	public List<PolicyRule> rules() {
		List<PolicyRule> rows = new ArrayList<>();
		this.fields.values().forEach((rule) -> rows.add(rule.row()));
		rows.addAll(this.partRows);
		rows.add(PolicyRule.optIn("any other field", "OPENROUTER_PASSTHROUGH_FIELDS",
				"unknown to the policy, so its cost is unknown"));
		rows.addAll(this.headers.rows());
		return List.copyOf(rows);
	}

	/**
	 * The request to send upstream.
	 * @param header the caller's request headers, by name
	 * @throws InvalidRequestException for a refused or malformed field, or too large an input
	 */
	public PolicedRequest apply(JsonNode body, UnaryOperator<String> header, Policing policing) {
		if (!(body instanceof ObjectNode request)) {
			throw InvalidRequestException.invalid(null, "The request body must be a JSON object.");
		}
		policing.request(request);
		ObjectNode sent = JsonNodeFactory.instance.objectNode();
		for (FieldRule rule : this.fields.values()) {
			JsonNode value = request.get(rule.field());
			boolean given = value != null && !value.isNull();
			if (!given && !rule.always()) {
				continue;
			}
			if (given && rule.row().treatment() == Treatment.DROP) {
				if (policing.gateway().passesThrough(rule.field())) {
					sent.set(rule.field(), value);
				}
				else {
					policing.drop(rule.field());
				}
				continue;
			}
			JsonNode shaped = rule.shaper().shape(given ? value : null, policing);
			if (shaped != null) {
				sent.set(rule.field(), shaped);
			}
		}
		for (String field : request.propertyNames()) {
			if (!this.fields.containsKey(field)) {
				if (policing.gateway().passesThrough(field)) {
					sent.set(field, request.get(field));
				}
				else {
					policing.drop(field);
				}
			}
		}
		Parts.bound(sent, policing, this.fileTypes);
		Map<String, String> sentHeaders = this.headers.apply(header, policing);
		return new PolicedRequest(sent, sentHeaders, policing.dropped());
	}

	static final class Builder {

		private final String api;

		private final Map<String, FieldRule> fields = new LinkedHashMap<>();

		private final List<PolicyRule> partRows = new ArrayList<>();

		private HeaderPolicy headers = HeaderPolicy.NONE;

		private Set<String> fileTypes = Set.of();

		private Builder(String api) {
			this.api = api;
		}

		/** A field sent on through its shaper when given. */
		Builder field(String field, Treatment treatment, String why, FieldRule.Shaper shaper) {
			return add(new FieldRule(field, PolicyRule.of(field, treatment, why), shaper, false));
		}

		/** A field whose shaper also runs when it is left out. */
		Builder always(String field, Treatment treatment, String why, FieldRule.Shaper shaper) {
			return add(new FieldRule(field, PolicyRule.of(field, treatment, why), shaper, true));
		}

		/** A field dropped unless the operator passes it through. */
		Builder drop(String field, String why) {
			return add(new FieldRule(field, PolicyRule.optIn(field, "OPENROUTER_PASSTHROUGH_FIELDS", why),
					(value, policing) -> null, false));
		}

		/** A field refused whenever it is given. */
		Builder refuse(String field, String why) {
			return add(new FieldRule(field, PolicyRule.of(field, Treatment.REFUSE, why), (value, policing) -> {
				throw InvalidRequestException.invalid(field, "`" + field + "` is not accepted: " + why + ".");
			}, false));
		}

		/** Rows for the parts inside fields, as the shapers treat them. */
		Builder parts(List<PolicyRule> rows) {
			this.partRows.addAll(rows);
			return this;
		}

		/** Content part types OpenRouter parses as files: their parser is pinned to the free engine. */
		Builder files(String... types) {
			this.fileTypes = Set.of(types);
			this.partRows.add(Parts.FILE_ROW);
			return this;
		}

		Builder headers(HeaderPolicy headers) {
			this.headers = headers;
			return this;
		}

		private Builder add(FieldRule rule) {
			this.fields.put(rule.field(), rule);
			return this;
		}

		RequestPolicy build() {
			return new RequestPolicy(this.api, Collections.unmodifiableMap(new LinkedHashMap<>(this.fields)),
					List.copyOf(this.partRows), this.headers, this.fileTypes);
		}

	}

}
