package io.autorenew.support;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;

/**
 * Spring Boot's Logback logging system, unchanged, except that it attaches the
 * {@link SecretLogCapture} again once it has configured Logback.
 * <p>
 * Each time Spring Boot (re)initializes logging (the first test context, and any
 * application a test starts after another one closed) it stops and resets Logback, which
 * detaches every appender and drops every listener, reset-resistant ones included. Without
 * this, whatever an application logs from then until the next test begins would go
 * unscanned. {@link SecretScanExtension} selects it through Spring Boot's
 * {@code org.springframework.boot.logging.LoggingSystem} system property.
 */
public final class SecretScanLoggingSystem extends LogbackLoggingSystem {

	/** The system property Spring Boot reads to choose its logging system. */
	static final String SYSTEM_PROPERTY = LoggingSystem.class.getName();

	public SecretScanLoggingSystem(ClassLoader classLoader) {
		super(classLoader);
	}

	/** Makes every Spring application of this JVM use this logging system, unless one is chosen already. */
	static void select() {
		if (System.getProperty(SYSTEM_PROPERTY) == null) {
			System.setProperty(SYSTEM_PROPERTY, SecretScanLoggingSystem.class.getName());
		}
	}

	@Override
	public void initialize(LoggingInitializationContext initializationContext, String configLocation,
			LogFile logFile) {
		super.initialize(initializationContext, configLocation, logFile);
		SecretLogCapture.install();
	}

	@Override
	protected void reinitialize(LoggingInitializationContext initializationContext) {
		super.reinitialize(initializationContext);
		SecretLogCapture.install();
	}

}
