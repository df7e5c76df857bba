package io.autorenew.hygiene;

import java.time.Clock;

import io.autorenew.keys.KeyMetrics;
import io.autorenew.keys.KeyNames;
import io.autorenew.keys.KeyProvisioner;
import io.autorenew.keys.KeyStore;
import io.autorenew.keys.audit.KeyEventRepository;
import io.autorenew.money.Budgets;
import io.autorenew.money.MintCaps;
import io.autorenew.store.InstanceId;
import io.autorenew.store.ServiceLease;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/** Wires what keeps OpenRouter's keys and the store in step: pending deletes, the retirer, the reconciler. */
@Configuration(proxyBeanMethods = false)
class HygieneConfiguration {

	@Bean
	MongoPendingDeletes pendingDeletes(MongoOperations mongo, Clock clock, InstanceId instance) {
		return new MongoPendingDeletes(mongo, clock, instance.value());
	}

	@Bean
	KeyRetirer keyRetirer(PendingDeletes pending, KeyStore keys, KeyProvisioner provisioning, KeyMetrics metrics,
			Clock clock) {
		return new KeyRetirer(pending, keys, provisioning, metrics, clock);
	}

	@Bean
	KeyReconciler keyReconciler(KeyProvisioner provisioning, KeyStore keys, KeyEventRepository events,
			KeyMetrics metrics, MongoOperations mongo, Clock clock, InstanceId instance,
			ReconcilerProperties properties, KeyNames names, PendingDeletes pending, MintCaps caps, Budgets budgets) {
		return new KeyReconciler(provisioning, keys, events, metrics, new ServiceLease(mongo, clock, instance.value()),
				clock, properties, names, pending, caps, budgets);
	}

}
