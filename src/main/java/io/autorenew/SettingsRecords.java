package io.autorenew;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Binds every settings record of the service ({@code @ConfigurationProperties} under
 * {@code io.autorenew}) once, ahead of the context, to collect what each refuses: so that one
 * start names every invalid setting, not the first one a bean happens to need.
 */
final class SettingsRecords {

	private SettingsRecords() {
	}

	/** What the records refuse, one message each (the records' own, naming the variable). */
	static List<String> refusals(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		List<String> refusals = new ArrayList<>();
		for (Class<?> type : records()) {
			ConfigurationProperties settings = MergedAnnotations.from(type)
				.get(ConfigurationProperties.class)
				.synthesize();
			String prefix = settings.prefix().isEmpty() ? settings.value() : settings.prefix();
			try {
				binder.bindOrCreate(prefix, Bindable.of(type));
			}
			catch (BindException ex) {
				refusals.add(message(ex));
			}
		}
		return refusals;
	}

	private static String message(BindException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidSettingException invalid) {
				return invalid.getMessage();
			}
		}
		String property = (ex.getProperty() != null) ? ex.getProperty().getName().toString() : ex.getName().toString();
		// The value is not repeated: it may be a secret.
		return property + " cannot be read as " + ex.getTarget().getType() + " (see docs/configuration.md)";
	}

	private static List<Class<?>> records() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		List<Class<?>> records = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.autorenew")) {
			records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), SettingsRecords.class.getClassLoader()));
		}
		return records;
	}

}
