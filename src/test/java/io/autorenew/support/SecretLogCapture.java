package io.autorenew.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.autorenew.support.SecretRegistry.Captured;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback appender on the root logger that keeps, for every event of every thread, the
 * formatted message, the argument values, key-value pairs, MDC values and the type and
 * message of the throwable and of each cause and suppressed exception.
 * <p>
 * It stays attached while the suite runs. Spring Boot stops and resets Logback whenever it
 * initializes logging for an application, which detaches every appender and drops every
 * listener: {@link SecretScanLoggingSystem} attaches it again after each initialization, and a
 * reset-resistant listener after any other reset. No logger is excluded: WireMock, which logs request headers (and so keys), runs with its own
 * shaded copy of SLF4J bound to a no-op provider, so its logs never reach Logback.
 * <p>
 * The system property {@code secretscan.level} (e.g. {@code DEBUG}) lowers the level of the
 * {@code io.autorenew} loggers so that their per-request detail is scanned too.
 */
final class SecretLogCapture extends UnsynchronizedAppenderBase<ILoggingEvent> implements LoggerContextListener {

	static final String NAME = "SECRET_SCAN";

	private static SecretLogCapture installed;

	private final Queue<Captured> events = new ConcurrentLinkedQueue<>();

	private final LoggerContext loggers;

	private SecretLogCapture(LoggerContext loggers) {
		this.loggers = loggers;
		setName(NAME);
		setContext(loggers);
	}

	/** Attaches the one capture to the root logger (again, if something detached it). */
	static synchronized SecretLogCapture install() {
		if (installed == null) {
			ILoggerFactory factory = LoggerFactory.getILoggerFactory();
			if (!(factory instanceof LoggerContext loggers)) {
				throw new IllegalStateException(
						"SecretScanExtension needs Logback, not " + factory.getClass().getName());
			}
			installed = new SecretLogCapture(loggers);
			loggers.addListener(installed);
		}
		installed.attach();
		return installed;
	}

	/** Detaches the capture at the end of the run. */
	static synchronized void uninstall() {
		if (installed != null) {
			installed.loggers.removeListener(installed);
			installed.loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(installed);
			installed.stop();
			installed = null;
		}
	}

	private synchronized void attach() {
		if (!isStarted()) {
			start();
		}
		Logger root = this.loggers.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(NAME) != this) {
			root.addAppender(this);
		}
		String level = System.getProperty("secretscan.level");
		if (level != null && !level.isBlank()) {
			this.loggers.getLogger("io.autorenew").setLevel(Level.toLevel(level.trim(), Level.DEBUG));
		}
	}

	/** Takes every event captured since the last call. */
	List<Captured> drain() {
		List<Captured> drained = new ArrayList<>();
		for (Captured next = this.events.poll(); next != null; next = this.events.poll()) {
			drained.add(next);
		}
		return drained;
	}

	@Override
	protected void append(ILoggingEvent event) {
		StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			for (Object argument : arguments) {
				text.append("\n[argument] ").append(describe(argument));
			}
		}
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null) {
			pairs.forEach((pair) -> text.append("\n[key-value] ")
				.append(pair.key)
				.append('=')
				.append(describe(pair.value)));
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		if (mdc != null) {
			mdc.forEach((key, value) -> text.append("\n[mdc] ").append(key).append('=').append(value));
		}
		throwable(event.getThrowableProxy(), text, 0);
		this.events.add(new Captured(
				"log " + event.getLevel() + " " + event.getLoggerName() + " [thread " + event.getThreadName() + "]",
				text.toString()));
	}

	private static void throwable(IThrowableProxy thrown, StringBuilder text, int depth) {
		if (thrown == null || depth > 20) {
			return;
		}
		text.append("\n[throwable] ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
		IThrowableProxy[] suppressed = thrown.getSuppressed();
		if (suppressed != null) {
			for (IThrowableProxy each : suppressed) {
				throwable(each, text, depth + 1);
			}
		}
		throwable(thrown.getCause(), text, depth + 1);
	}

	private static String describe(Object value) {
		try {
			return (value instanceof Object[] array) ? Arrays.deepToString(array) : String.valueOf(value);
		}
		catch (RuntimeException ex) {
			return "(toString() failed: " + ex.getClass().getName() + ")";
		}
	}

	// LoggerContextListener: survive Spring Boot's resets of Logback

	@Override
	public boolean isResetResistant() {
		return true;
	}

	@Override
	public void onStart(LoggerContext context) {
	}

	@Override
	public void onReset(LoggerContext context) {
		synchronized (SecretLogCapture.class) {
			if (installed == this) {
				attach();
			}
		}
	}

	@Override
	public void onStop(LoggerContext context) {
	}

	@Override
	public void onLevelChange(Logger logger, Level level) {
	}

}
