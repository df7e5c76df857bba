package io.autorenew.security;

import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its own header rules, checked by a loop over the
 * characters instead of the regular expressions it matches every header name and value
 * against (about 3 % of a request's CPU in the P1 profile). The rules are the same: a name
 * holds only assigned characters that are not control characters; a value may also hold tabs.
 */
final class FirewallHeaders {

	private FirewallHeaders() {
	}

	/** The firewall every security filter chain runs behind. */
	static HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(FirewallHeaders::isAllowedName);
		firewall.setAllowedHeaderValues(FirewallHeaders::isAllowedValue);
		return firewall;
	}

	/** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
	static boolean isAllowedName(String name) {
		return allowed(name, false);
	}

	/** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
	static boolean isAllowedValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			if (!Character.isDefined(c) || (Character.isISOControl(c) && !(tab && c == '\t'))) {
				return false;
			}
			i += Character.charCount(c);
		}
		return true;
	}

}
