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
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the output cache module.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.output-cache")
public class OutputCacheProperties {

	/**
	 * Whether to enable the output cache.
	 */
	private boolean enabled;

	/**
	 * Name of the cache of the application's CacheManager that holds the responses.
	 * Without a CacheManager, a bounded in-memory store is used instead.
	 */
	private String cacheName = "integrated-pipeline-output";

	/**
	 * How many responses the in-memory store keeps, when the application has no
	 * CacheManager; the least recently used are evicted.
	 */
	private int maxEntries = 1000;

	/**
	 * Largest response content that is stored; larger responses are served but not
	 * stored.
	 */
	private DataSize maxEntryBytes = DataSize.ofMegabytes(1);

	/**
	 * How long concurrent misses for one key wait for the first one to store its
	 * response, before running the handler themselves.
	 */
	private Duration lockTimeout = Duration.ofSeconds(10);

	/**
	 * Which responses are cached; the first policy whose path matches a request applies.
	 */
	private List<Policy> policies = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getCacheName() {
		return this.cacheName;
	}

	public void setCacheName(String cacheName) {
		this.cacheName = cacheName;
	}

	public int getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	public DataSize getMaxEntryBytes() {
		return this.maxEntryBytes;
	}

	public void setMaxEntryBytes(DataSize maxEntryBytes) {
		this.maxEntryBytes = maxEntryBytes;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public List<Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(List<Policy> policies) {
		this.policies = policies;
	}

	/**
	 * One caching policy.
	 */
	public static class Policy {

		/**
		 * Paths the policy applies to, a Spring PathPattern such as /api/news/**.
		 */
		private @Nullable String path;

		/**
		 * How long a stored response is served.
		 */
		private Duration duration = Duration.ofSeconds(60);

		/**
		 * Which query parameters are part of the key: true for all, false for none, or a
		 * list of parameter names.
		 */
		private List<String> varyByQuery = new ArrayList<>(List.of("true"));

		/**
		 * Request headers that are part of the key.
		 */
		private List<String> varyByHeaders = new ArrayList<>();

		/**
		 * Whether requests with a user or an Authorization header are cached, the user's
		 * name then being part of the key. Without it such requests bypass the cache.
		 */
		private boolean varyByUser;

		/**
		 * Tags of the stored responses, to evict them together with the OutputCache bean.
		 */
		private List<String> tags = new ArrayList<>();

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public List<String> getVaryByQuery() {
			return this.varyByQuery;
		}

		public void setVaryByQuery(List<String> varyByQuery) {
			this.varyByQuery = varyByQuery;
		}

		public List<String> getVaryByHeaders() {
			return this.varyByHeaders;
		}

		public void setVaryByHeaders(List<String> varyByHeaders) {
			this.varyByHeaders = varyByHeaders;
		}

		public boolean isVaryByUser() {
			return this.varyByUser;
		}

		public void setVaryByUser(boolean varyByUser) {
			this.varyByUser = varyByUser;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

	}

}
