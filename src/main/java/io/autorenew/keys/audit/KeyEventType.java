package io.autorenew.keys.audit;

/** What happened to a user's key, as stored in {@code key_events.event}. */
public enum KeyEventType {

	PROVISIONED("provisioned"), RENEWED("renewed"), PROACTIVELY_RENEWED("proactively_renewed"),
	FORCE_PROVISIONED("force_provisioned"), DELETED("deleted"), ORPHAN_DELETED("orphan_deleted"),
	RENEWAL_FAILED("renewal_failed"), SUSPENDED("suspended"), RESUMED("resumed"),
	BUDGET_SET("budget_set"), BUDGET_READ("budget_read");

	private final String value;

	KeyEventType(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

}
