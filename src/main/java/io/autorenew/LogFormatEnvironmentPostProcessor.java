package io.autorenew;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT}: {@code text} (the default, Boot's console pattern) or {@code json}, one
 * JSON object a line in Boot's structured Elastic Common Schema format, with the MDC
 * ({@code requestId}, {@code userHash}) and the access line's fields at the top level. Runs
 * before logging is set up, which reads {@code logging.structured.format.console}.
 */
final class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOG_FORMAT = "LOG_FORMAT";

	static final String STRUCTURED_FORMAT = "logging.structured.format.console";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty(LOG_FORMAT, "text").strip().toLowerCase(Locale.ROOT);
		switch (format) {
			case "", "text" -> {
			}
			case "json" -> environment.getPropertySources()
				.addFirst(new MapPropertySource("logFormat", Map.of(STRUCTURED_FORMAT, "ecs")));
			default -> throw new InvalidSettingException(
					LOG_FORMAT + " must be 'text' or 'json', not '" + environment.getProperty(LOG_FORMAT) + "'.");
		}
	}

}
