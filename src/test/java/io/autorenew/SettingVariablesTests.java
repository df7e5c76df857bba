package io.autorenew;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's variable names reach the records' settings; an unset one leaves the record's default. */
class SettingVariablesTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private void environment(Map<String, Object> variables) {
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
		new SettingVariables().postProcessEnvironment(this.environment, new SpringApplication());
		ConfigurationPropertySources.attach(this.environment);
	}

	@Test
	void everyVariableSetsItsSetting() {
		Map<String, Object> variables = new HashMap<>();
		SettingVariables.PROPERTIES.keySet().forEach((name) -> variables.put(name, "value-of-" + name));
		environment(variables);
		Binder binder = Binder.get(this.environment);

		SettingVariables.PROPERTIES.forEach((name, property) -> assertThat(
				binder.bind(property, String.class).orElse(null))
			.as(name)
			.isEqualTo("value-of-" + name));
	}

	@Test
	void anUnsetVariableLeavesTheSettingUnsetForTheRecordsDefault() {
		environment(Map.of("OPENROUTER_MAX_ATTEMPTS", "7"));
		Binder binder = Binder.get(this.environment);

		assertThat(binder.bind("openrouter.retry.max-attempts", Integer.class).get()).isEqualTo(7);
		assertThat(binder.bind("openrouter.retry.deadline", String.class).isBound()).isFalse();
		assertThat(this.environment.getProperty("openrouter.retry.max-attempts")).isEqualTo("7");
	}

	@Test
	void aVariableBeatsTheSettingGivenByItsOwnName() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("by-name", Map.of("openrouter.keys.ttl", "P1D")));
		environment(Map.of("OPENROUTER_KEY_TTL", "P7D"));

		assertThat(Binder.get(this.environment).bind("openrouter.keys.ttl", String.class).get()).isEqualTo("P7D");
	}

	@Test
	void aSourceAddedLaterIsSeenLikeTheDemosIs() {
		environment(Map.of());
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("demo", Map.of("OPENROUTER_BASE_URL", "http://127.0.0.1:1234/api/v1")));

		assertThat(Binder.get(this.environment).bind("openrouter.base-url", String.class).get())
			.isEqualTo("http://127.0.0.1:1234/api/v1");
	}

}
