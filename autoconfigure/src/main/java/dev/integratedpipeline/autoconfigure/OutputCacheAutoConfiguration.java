/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.integratedpipeline.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.Assert;

import dev.integratedpipeline.modules.outputcache.BoundedMapCache;
import dev.integratedpipeline.modules.outputcache.OutputCache;
import dev.integratedpipeline.modules.outputcache.OutputCacheModule;
import dev.integratedpipeline.modules.outputcache.OutputCachePolicy;
import dev.integratedpipeline.modules.outputcache.OutputCacheResult;
import dev.integratedpipeline.modules.outputcache.OutputCacheStore;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the output cache module, when
 * {@code integrated-pipeline.output-cache.enabled} is {@code true}: the
 * {@link OutputCacheModule} and its store, the {@link OutputCache} bean. Responses are
 * stored in the application's {@link CacheManager} when it has one, in a bounded
 * in-memory cache otherwise, or when the application's cache is Spring's
 * {@link ConcurrentMapCache}, which never evicts.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("integrated-pipeline.output-cache.enabled")
@EnableConfigurationProperties(OutputCacheProperties.class)
public final class OutputCacheAutoConfiguration {

	static final String COUNTER = "integrated.pipeline.output.cache";

	private static final Log logger = LogFactory.getLog(OutputCacheAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	OutputCacheStore integratedPipelineOutputCache(OutputCacheProperties properties,
			ObjectProvider<CacheManager> cacheManager) {
		return new OutputCacheStore(cache(properties, cacheManager.getIfUnique()));
	}

	private static Cache cache(OutputCacheProperties properties, @Nullable CacheManager cacheManager) {
		if (cacheManager == null) {
			return new BoundedMapCache(properties.getCacheName(), properties.getMaxEntries());
		}
		Cache cache = cacheManager.getCache(properties.getCacheName());
		Assert.state(cache != null,
				() -> "The CacheManager " + cacheManager.getClass().getName() + " has no cache named '"
						+ properties.getCacheName()
						+ "' for the output cache: add it to the cache manager's caches (spring.cache.cache-names) or "
						+ "set integrated-pipeline.output-cache.cache-name");
		if (cache instanceof ConcurrentMapCache) {
			// Spring's simple cache (@EnableCaching with no provider) never evicts: every
			// distinct query a client sends would stay in memory for good
			logger.info("The cache '" + cache.getName() + "' of " + cacheManager.getClass().getName()
					+ " has no bound: the output cache keeps its entries in its own in-memory store of "
					+ "integrated-pipeline.output-cache.max-entries (" + properties.getMaxEntries() + ") instead");
			return new BoundedMapCache(properties.getCacheName(), properties.getMaxEntries());
		}
		return cache;
	}

	@Bean
	@ConditionalOnMissingBean
	OutputCacheModule outputCacheModule(OutputCacheProperties properties, OutputCacheStore store,
			ObjectProvider<OutputCacheCounter> counter) {
		long maxEntryBytes = properties.getMaxEntryBytes().toBytes();
		Assert.state(maxEntryBytes >= 0 && maxEntryBytes <= Integer.MAX_VALUE,
				"integrated-pipeline.output-cache.max-entry-bytes must be between 0 and 2GB");
		Consumer<OutputCacheResult> listener = counter.getIfAvailable(() -> (result) -> {
		});
		return new OutputCacheModule(policies(properties), store, (int) maxEntryBytes, properties.getLockTimeout(),
				listener);
	}

	static List<OutputCachePolicy> policies(OutputCacheProperties properties) {
		List<OutputCacheProperties.Policy> configured = properties.getPolicies();
		return configured.stream().map((policy) -> {
			int index = configured.indexOf(policy);
			String path = policy.getPath();
			Assert.state(path != null && !path.isBlank(),
					() -> "integrated-pipeline.output-cache.policies[" + index + "].path must be set");
			List<String> varyByQuery = policy.getVaryByQuery();
			boolean all = varyByQuery.size() == 1 && "true".equalsIgnoreCase(varyByQuery.get(0).trim());
			boolean none = varyByQuery.isEmpty()
					|| (varyByQuery.size() == 1 && "false".equalsIgnoreCase(varyByQuery.get(0).trim()));
			Set<String> parameters = (all || none) ? Set.of() : new HashSet<>(varyByQuery);
			return new OutputCachePolicy(path, policy.getDuration(), all, parameters, policy.getVaryByHeaders(),
					policy.isVaryByUser(), new HashSet<>(policy.getTags()));
		}).toList();
	}

	/**
	 * The {@code integrated.pipeline.output.cache} counter, tagged {@code result}.
	 */
	interface OutputCacheCounter extends Consumer<OutputCacheResult> {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class OutputCacheMetricsConfiguration {

		@Bean
		OutputCacheCounter integratedPipelineOutputCacheCounter(ObjectProvider<MeterRegistry> registry) {
			ModuleCounter<OutputCacheResult> counter = new ModuleCounter<>(registry, COUNTER, "result",
					OutputCacheResult.class, OutputCacheResult::tag);
			return counter::accept;
		}

	}

}
