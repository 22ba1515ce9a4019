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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.util.Assert;

/**
 * A Spring {@link org.springframework.cache.Cache} in memory that keeps at most a given
 * number of entries, evicting the least recently used: the output cache's store when the
 * application has no {@link org.springframework.cache.CacheManager}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class BoundedMapCache extends AbstractValueAdaptingCache {

	private final String name;

	private final int maxEntries;

	private final Map<Object, Object> store;

	/**
	 * Create a cache.
	 * @param name the cache name
	 * @param maxEntries how many entries to keep at most
	 */
	public BoundedMapCache(String name, int maxEntries) {
		super(false);
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(maxEntries > 0, "'maxEntries' must be positive");
		this.name = name;
		this.maxEntries = maxEntries;
		this.store = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
				return size() > BoundedMapCache.this.maxEntries;
			}

		};
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.store;
	}

	/**
	 * Return how many entries the cache holds.
	 * @return the number of entries
	 */
	public int size() {
		synchronized (this.store) {
			return this.store.size();
		}
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		synchronized (this.store) {
			return this.store.get(key);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		synchronized (this.store) {
			Object value = this.store.get(key);
			if (value != null) {
				return (T) fromStoreValue(value);
			}
		}
		T value;
		try {
			value = valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		put(key, value);
		return value;
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		Assert.notNull(value, "'value' must not be null");
		synchronized (this.store) {
			this.store.put(key, value);
		}
	}

	@Override
	public void evict(Object key) {
		synchronized (this.store) {
			this.store.remove(key);
		}
	}

	@Override
	public void clear() {
		synchronized (this.store) {
			this.store.clear();
		}
	}

}
