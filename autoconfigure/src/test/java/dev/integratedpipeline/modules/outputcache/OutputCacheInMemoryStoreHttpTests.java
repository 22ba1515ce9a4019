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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = OutputCacheTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "integrated-pipeline.output-cache.max-entries=3")
@TestPropertySource("classpath:output-cache-test.properties")
class OutputCacheInMemoryStoreHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private OutputCacheStore store;

	private CacheClient http;

	@BeforeEach
	void createClient() {
		this.http = new CacheClient(this.port);
	}

	@Test
	void whenTheApplicationHasNoCacheManagerThenTheStoreIsTheBoundedInMemoryCache() {
		assertThat(this.store.cache()).isInstanceOf(BoundedMapCache.class);
		assertThat(this.store.cache().getName()).isEqualTo("integrated-pipeline-output");
	}

	@Test
	void whenMoreResponsesAreStoredThanMaxEntriesThenTheLeastRecentlyUsedIsEvicted() {
		String id = HttpTestClient.newTestId();
		for (int i = 0; i < 4; i++) {
			this.http.get("/c/news?t=" + id + "&n=" + i);
			// Stored right after it was sent: a second request waits for it and is a hit
			assertThat(this.http.get("/c/news?t=" + id + "&n=" + i).headers().firstValue("Age")).isPresent();
		}
		assertThat(((BoundedMapCache) this.store.cache()).size()).isEqualTo(3);
		assertThat(this.http.get("/c/news?t=" + id + "&n=0").headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls("/c/news?t=" + id + "&n=0")).isEqualTo(2);
	}

}
