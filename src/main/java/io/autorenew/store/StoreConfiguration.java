package io.autorenew.store;

import java.util.concurrent.TimeUnit;

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
	 * reconnecting in the background and the service recovers without a restart.
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer storeTimeouts(StoreProperties properties) {
		long millis = properties.timeout().toMillis();
		return (settings) -> settings
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((socket) -> socket.connectTimeout((int) millis, TimeUnit.MILLISECONDS)
				.readTimeout((int) millis, TimeUnit.MILLISECONDS));
	}

	@Bean
	StoreHealthIndicator storeHealthIndicator(MongoOperations mongo) {
		return new StoreHealthIndicator(mongo);
	}

}
