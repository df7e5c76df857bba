package io.autorenew.config;

import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.context.annotation.Configuration;

/** Points Boot's MongoDB auto-configuration at {@link MongoStore} and reports its health. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	MongoStore mongoStore(StoreProperties properties) {
		return MongoStore.from(properties);
	}

	@Bean
	StoreHealthIndicator storeHealthIndicator(MongoOperations mongo) {
		return new StoreHealthIndicator(mongo);
	}

}
