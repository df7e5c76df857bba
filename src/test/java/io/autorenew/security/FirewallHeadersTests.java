package io.autorenew.security;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header rules, read by a loop, agree with the regular expressions Spring
 * Security's {@code StrictHttpFirewall} matches by default, on every character of the basic
 * plane and a spread of the others, alone and inside a name.
 */
class FirewallHeadersTests {

	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCharacterIsJudgedAsSpringSecurityJudgesIt() {
		int disagreements = 0;
		for (int c = 0; c <= Character.MAX_CODE_POINT; c += (c < 0x10000) ? 1 : 7) {
			String alone = new String(Character.toChars(c));
			String inside = "X-Header-" + alone + "-end";
			for (String text : new String[] { alone, inside }) {
				if (FirewallHeaders.isAllowedName(text) != NAME.matcher(text).matches()
						|| FirewallHeaders.isAllowedValue(text) != VALUE.matcher(text).matches()) {
					disagreements++;
				}
			}
		}
		assertThat(disagreements).isZero();
	}

	@Test
	void aTabIsAllowedInAValueAndNotInAName() {
		assertThat(FirewallHeaders.isAllowedValue("a\tb")).isTrue();
		assertThat(FirewallHeaders.isAllowedName("a\tb")).isFalse();
		assertThat(FirewallHeaders.isAllowedValue("a\u0000b")).isFalse();
		assertThat(FirewallHeaders.isAllowedValue("Bearer eyJ.abc")).isTrue();
		assertThat(FirewallHeaders.isAllowedValue("")).isTrue();
	}

}
