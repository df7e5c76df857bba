package io.autorenew.gateway;

/**
 * One row of a request policy, as docs/agents.md shows it: the item (a field, a part of a
 * field, a header value), its treatment, the setting that lets the operator send on what is
 * dropped by default ({@code null} for none), and why.
 */
public record PolicyRule(String item, Treatment treatment, String allowedBy, String why) {

	public static PolicyRule of(String item, Treatment treatment, String why) {
		return new PolicyRule(item, treatment, null, why);
	}

	public static PolicyRule optIn(String item, String allowedBy, String why) {
		return new PolicyRule(item, Treatment.DROP, allowedBy, why);
	}

}
