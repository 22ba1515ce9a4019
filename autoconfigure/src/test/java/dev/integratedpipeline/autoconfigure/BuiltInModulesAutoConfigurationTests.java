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

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;

import dev.integratedpipeline.modules.filtering.RequestFilteringModule;
import dev.integratedpipeline.modules.filtering.RequestFilteringRules;
import dev.integratedpipeline.modules.outputcache.BoundedMapCache;
import dev.integratedpipeline.modules.outputcache.OutputCache;
import dev.integratedpipeline.modules.outputcache.OutputCacheModule;
import dev.integratedpipeline.modules.outputcache.OutputCachePolicy;
import dev.integratedpipeline.modules.outputcache.OutputCacheStore;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltInModulesAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
					OutputCacheAutoConfiguration.class, RequestFilteringAutoConfiguration.class));

	@Test
	void whenNothingIsConfiguredThenNeitherModuleIsCreated() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(OutputCacheModule.class)
			.doesNotHaveBean(OutputCache.class)
			.doesNotHaveBean(RequestFilteringModule.class));
	}

	@Test
	void whenTheOutputCacheIsEnabledWithoutACacheManagerThenItStoresInTheBoundedInMemoryCache() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.output-cache.enabled=true",
					"integrated-pipeline.output-cache.max-entries=7")
			.run((context) -> {
				assertThat(context).hasSingleBean(OutputCacheModule.class).hasSingleBean(OutputCache.class);
				assertThat(context.getBean(OutputCacheStore.class).cache()).isInstanceOf(BoundedMapCache.class);
			});
	}

	@Test
	void whenTheApplicationHasACacheManagerThenTheOutputCacheUsesItsNamedCache() {
		this.contextRunner.withPropertyValues("integrated-pipeline.output-cache.enabled=true")
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context.getBean(OutputCacheStore.class).cache().getName())
				.isEqualTo("integrated-pipeline-output"));
	}

	@Test
	void whenTheCacheManagersCacheNeverEvictsThenTheOutputCacheUsesItsBoundedInMemoryCache() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.output-cache.enabled=true",
					"integrated-pipeline.output-cache.max-entries=7")
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> {
				Cache cache = context.getBean(OutputCacheStore.class).cache();
				assertThat(cache).isInstanceOf(BoundedMapCache.class);
				for (int i = 0; i < 8; i++) {
					cache.put("entry" + i, "response");
				}
				assertThat(cache.get("entry0")).as("the least recently used of 8, past 7").isNull();
				assertThat(cache.get("entry7")).isNotNull();
			});
	}

	@Test
	void whenTheApplicationsCacheHasABoundThenTheOutputCacheUsesIt() {
		this.contextRunner.withPropertyValues("integrated-pipeline.output-cache.enabled=true")
			.withBean(CacheManager.class, () -> new CaffeineCacheManager("integrated-pipeline-output"))
			.run((context) -> assertThat(context.getBean(OutputCacheStore.class).cache())
				.isInstanceOf(CaffeineCache.class));
	}

	@Test
	void whenTheCacheManagerLacksTheCacheThenTheStartupFailsWithAClearMessage() {
		this.contextRunner.withPropertyValues("integrated-pipeline.output-cache.enabled=true")
			.withBean(CacheManager.class, () -> new ConcurrentMapCacheManager("other"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has no cache named 'integrated-pipeline-output'"));
	}

	@Test
	void whenAPolicyHasNoPathThenTheStartupFailsWithAClearMessage() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.output-cache.enabled=true",
					"integrated-pipeline.output-cache.policies[0].duration=5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("policies[0].path must be set"));
	}

	@Test
	void whenPoliciesAreConfiguredThenVaryByQueryTrueFalseAndListsAreRead() {
		OutputCacheProperties properties = new OutputCacheProperties();
		OutputCacheProperties.Policy all = new OutputCacheProperties.Policy();
		all.setPath("/a");
		OutputCacheProperties.Policy none = new OutputCacheProperties.Policy();
		none.setPath("/b");
		none.setVaryByQuery(List.of("false"));
		OutputCacheProperties.Policy some = new OutputCacheProperties.Policy();
		some.setPath("/c");
		some.setVaryByQuery(List.of("page", "size"));
		some.setDuration(Duration.ofSeconds(5));
		properties.setPolicies(List.of(all, none, some));
		List<OutputCachePolicy> policies = OutputCacheAutoConfiguration.policies(properties);
		assertThat(policies).extracting(OutputCachePolicy::varyByAllQuery).containsExactly(true, false, false);
		assertThat(policies.get(1).varyByQuery()).isEmpty();
		assertThat(policies.get(2).varyByQuery()).containsExactlyInAnyOrder("page", "size");
		assertThat(policies.get(2).duration()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whenTheUserDeclaresAnOutputCacheModuleThenItReplacesTheBuiltInOne() {
		this.contextRunner.withPropertyValues("integrated-pipeline.output-cache.enabled=true")
			.withBean("customOutputCache", OutputCacheModule.class, () -> new OutputCacheModule(List.of(),
					new OutputCacheStore(new BoundedMapCache("x", 1)), 10, Duration.ofSeconds(1), (result) -> {
					}))
			.run((context) -> assertThat(context).hasSingleBean(OutputCacheModule.class).hasBean("customOutputCache"));
	}

	@Test
	void whenRequestFilteringIsEnabledThenItsModuleHasTheDefaultRules() {
		this.contextRunner.withPropertyValues("integrated-pipeline.request-filtering.enabled=true")
			.run((context) -> assertThat(context.getBean(RequestFilteringModule.class).rules())
				.isEqualTo(RequestFilteringRules.defaults()));
	}

	@Test
	void whenTheUserDeclaresARequestFilteringModuleThenItReplacesTheBuiltInOne() {
		this.contextRunner.withPropertyValues("integrated-pipeline.request-filtering.enabled=true")
			.withBean("customFiltering", RequestFilteringModule.class,
					() -> new RequestFilteringModule(RequestFilteringRules.defaults()))
			.run((context) -> assertThat(context).hasSingleBean(RequestFilteringModule.class)
				.hasBean("customFiltering"));
	}

	@Test
	void whenAnExtensionIsWrittenWithoutItsDotThenTheStartupFailsWithAClearMessage() {
		this.contextRunner
			.withPropertyValues("integrated-pipeline.request-filtering.enabled=true",
					"integrated-pipeline.request-filtering.denied-extensions=bak")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("'.bak'"));
	}

	@Test
	void whenMicrometerIsAbsentThenTheModulesStillStart() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("integrated-pipeline.request-filtering.enabled=true",
					"integrated-pipeline.output-cache.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(RequestFilteringModule.class)
				.hasSingleBean(OutputCacheModule.class));
	}

	@Test
	void whenThePipelineIsDisabledThenNeitherModuleIsCreated() {
		this.contextRunner.withPropertyValues("integrated-pipeline.enabled=false",
				"integrated-pipeline.request-filtering.enabled=true", "integrated-pipeline.output-cache.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestFilteringModule.class)
				.doesNotHaveBean(OutputCacheModule.class));
	}

}
