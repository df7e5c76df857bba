package io.autorenew.store;

import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoTimeoutException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * A start that cannot reach {@code MONGODB_URI} says so in one line, naming the hosts (never
 * the credentials) and the timeout, instead of the driver's long trace (which Boot still logs
 * at DEBUG).
 */
final class StoreUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<MongoTimeoutException> {

	private final Environment environment;

	StoreUnreachableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MongoTimeoutException cause) {
		String timeout = this.environment.getProperty("MONGODB_TIMEOUT",
				this.environment.getProperty("store.timeout", "3s"));
		return new FailureAnalysis("MongoDB at " + hosts() + " did not answer within " + timeout
				+ " (MONGODB_URI, MONGODB_TIMEOUT).",
				"Check that MongoDB runs and is reachable from here, or unset MONGODB_URI for the embedded store "
						+ "(one instance only).",
				cause);
	}

	private String hosts() {
		String uri = this.environment.getProperty("MONGODB_URI", this.environment.getProperty("store.mongodb-uri", ""));
		try {
			List<String> hosts = new ConnectionString(uri).getHosts();
			return String.join(",", hosts);
		}
		catch (RuntimeException unreadable) {
			return "(MONGODB_URI)";
		}
	}

}
