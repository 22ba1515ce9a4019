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

package dev.integratedpipeline.modules.outputcache;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = OutputCacheTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource("classpath:output-cache-test.properties")
@Import(OutputCacheCaffeineHttpTests.CaffeineConfiguration.class)
class OutputCacheCaffeineHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private OutputCacheStore store;

	@Autowired
	private CacheManager cacheManager;

	private CacheClient http;

	private String path;

	@BeforeEach
	void createClient() {
		this.http = new CacheClient(this.port);
		this.path = "/c/news?t=" + HttpTestClient.newTestId();
	}

	@Test
	void whenTheApplicationHasACaffeineCacheManagerThenResponsesAreStoredInItsCache() {
		this.http.get(this.path);
		assertThat(this.http.get(this.path).headers().firstValue("Age")).isPresent();
		assertThat(this.store.cache()).isInstanceOf(CaffeineCache.class);
		CaffeineCache cache = (CaffeineCache) this.cacheManager.getCache("integrated-pipeline-output");
		assertThat(cache.getNativeCache().asMap().keySet())
			.anySatisfy((key) -> assertThat(key.toString()).contains(this.path.substring(this.path.indexOf('=') + 1)));
	}

	@Test
	void whenTheCaffeineCacheIsClearedThenTheEntryIsAMiss() {
		this.http.get(this.path);
		// Stored right after it was sent: a second request waits for it and is a hit
		assertThat(this.http.get(this.path).headers().firstValue("Age")).isPresent();
		this.cacheManager.getCache("integrated-pipeline-output").clear();
		assertThat(this.http.get(this.path).headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(this.path)).isEqualTo(2);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CaffeineConfiguration {

		@Bean
		CacheManager cacheManager() {
			CaffeineCacheManager cacheManager = new CaffeineCacheManager();
			cacheManager.setCaffeine(Caffeine.newBuilder().maximumSize(500));
			return cacheManager;
		}

	}

}
