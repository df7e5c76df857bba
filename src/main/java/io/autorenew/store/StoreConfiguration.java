package io.autorenew.store;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.mongodb.WriteConcern;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

/** Points Boot's MongoDB auto-configuration at {@link MongoStore} and reports its health. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	MongoStore mongoStore(StoreProperties properties) {
		return MongoStore.from(properties);
	}

	/**
	 * Documents carry only their own fields: no {@code _class} type hint, which the other
	 * apps reading {@code api_keys} do not expect.
	 */
	@Bean
	static BeanPostProcessor noTypeHints() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof MappingMongoConverter converter) {
					converter.setTypeMapper(new DefaultMongoTypeMapper(null));
				}
				return bean;
			}
		};
	}

	/**
	 * Fails fast when MongoDB is unreachable, so requests answer 503 within the store
	 * timeout instead of hanging for the driver's 30-second default; the driver keeps
	 * reconnecting in the background and the service recovers without a restart. The
	 * timeout bounds each operation end to end (the driver's client-side operation timeout:
	 * server selection, connection and retries included), so a request that meets a failing
	 * store waits one timeout, not one per retry.
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer storeTimeouts(StoreProperties properties) {
		long millis = properties.timeout().toMillis();
		// Keys, claims and budgets are money: on a real MongoDB a write is acknowledged once a majority of the
		// replica set has it in its journal, so a failover or a crash after the answer cannot lose it. The
		// embedded store commits every write itself (CommittingH2Backend).
		WriteConcern durable = properties.embedded() ? WriteConcern.ACKNOWLEDGED : WriteConcern.MAJORITY.withJournal(true);
		return (settings) -> settings.timeout(millis, TimeUnit.MILLISECONDS)
			.writeConcern(durable)
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout((int) millis, TimeUnit.MILLISECONDS)
				.readTimeout((int) millis, TimeUnit.MILLISECONDS));
	}

	/**
	 * Rate-limit buckets every instance shares (see {@link MongoBuckets}), on a MongoDB that
	 * replicas can share. The embedded store serves one process only, so there the limit stays
	 * in memory, as it always was: the method returns {@code null}, which Spring registers as no
	 * bean for the {@code ObjectProvider}s that ask for it. Decided here at run time, not by a
	 * condition: a Spring AOT build fixes every condition when it is built, and an image built
	 * without {@code MONGODB_URI} would then keep its replicas' limits apart.
	 */
	@Bean
	ProxyManager<String> sharedBuckets(StoreProperties properties, MongoOperations mongo, Clock clock) {
		return properties.embedded() ? null : MongoBuckets.create(mongo, clock);
	}

	@Bean
	StoreHealthIndicator storeHealthIndicator(MongoOperations mongo) {
		return new StoreHealthIndicator(mongo);
	}

	/** 1 while MongoDB answers a {@code ping} (sent at each scrape), else 0: for alerts. */
	@Bean
	MeterBinder storeAvailableGauge(StoreHealthIndicator health) {
		return (registry) -> Gauge.builder("store.available", health, StoreHealthIndicator::available)
			.description("1 while the key store answers a ping")
			.register(registry);
	}

	@Bean
	InstanceId instanceId(@Value("${instance.id:}") String configured) {
		return new InstanceId(configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured);
	}

}
