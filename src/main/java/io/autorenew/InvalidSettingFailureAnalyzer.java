package io.autorenew;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a missing or bad setting into Boot's short "APPLICATION FAILED TO START" report. When
 * one settings record refused its value, every other refusal is listed with it (read from the
 * start's whole environment), so one start names every invalid setting.
 */
final class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

	private final Environment environment;

	InvalidSettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
		if (this.environment instanceof ConfigurableEnvironment configurable && !cause.getMessage().contains("\n")) {
			List<String> problems = SettingsCheck.problems(configurable);
			if (problems.size() > 1) {
				InvalidSettingException all = SettingsCheck.block(problems);
				return new FailureAnalysis(all.getMessage(), all.action(), cause);
			}
		}
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
