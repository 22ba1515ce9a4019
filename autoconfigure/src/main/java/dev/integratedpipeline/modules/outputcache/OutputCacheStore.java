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

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.util.Assert;
import org.springframework.web.util.UriUtils;

/**
 * The output cache's store over a Spring {@link Cache}: stored responses, and the
 * versions that evict them. Evicting a path or a tag gives it a new version instead of
 * finding its entries, which a cache cannot list: an entry stored under an old version is
 * never served again (and expires, or is evicted by the cache's own bound). In a shared
 * cache (Redis) the versions are shared too, so an eviction on one instance is seen by
 * all.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class OutputCacheStore implements OutputCache {

	/**
	 * How the key of every stored response starts.
	 */
	static final String ENTRY_PREFIX = "entry:";

	private static final String INITIAL_VERSION = "0";

	private final Cache cache;

	/**
	 * Create a store.
	 * @param cache the cache that holds the responses
	 */
	public OutputCacheStore(Cache cache) {
		Assert.notNull(cache, "'cache' must not be null");
		this.cache = cache;
	}

	/**
	 * Return the cache that holds the responses.
	 * @return the cache
	 */
	public Cache cache() {
		return this.cache;
	}

	/**
	 * Return a stored response still current.
	 * @param key the entry's key, starting with {@link #ENTRY_PREFIX} (the module builds
	 * it so, to build it once)
	 * @param now the time, in epoch milliseconds
	 * @return the response, or {@code null}
	 */
	@Nullable CachedResponse get(String key, long now) {
		CachedResponse response = this.cache.get(key, CachedResponse.class);
		if (response == null) {
			return null;
		}
		if (response.expiresAt() <= now) {
			this.cache.evict(key);
			return null;
		}
		// Most entries have no tag: no iterator to make
		if (!response.tagVersions().isEmpty()) {
			for (Map.Entry<String, String> tag : response.tagVersions().entrySet()) {
				if (!tag.getValue().equals(version(tagKey(tag.getKey())))) {
					return null;
				}
			}
		}
		return response;
	}

	void put(String key, CachedResponse response) {
		this.cache.put(key, response);
	}

	/**
	 * Return the current version under a key: of a path ({@link #pathKey(String)}, part
	 * of the key of its entries; the module keeps it rather than build it on every
	 * request), or of a tag.
	 * @param versionKey the key of the version
	 * @return the version
	 */
	String version(String versionKey) {
		String version = this.cache.get(versionKey, String.class);
		return (version != null) ? version : INITIAL_VERSION;
	}

	Map<String, String> tagVersions(Set<String> tags) {
		if (tags.isEmpty()) {
			return Map.of();
		}
		Map<String, String> versions = new LinkedHashMap<>();
		for (String tag : tags) {
			versions.put(tag, version(tagKey(tag)));
		}
		return Map.copyOf(versions);
	}

	@Override
	public void evictTag(String tag) {
		Assert.hasText(tag, "'tag' must not be empty");
		this.cache.put(tagKey(tag), newVersion());
	}

	@Override
	public void evictPath(String path) {
		Assert.notNull(path, "'path' must not be null");
		this.cache.put(pathKey(canonicalPath(path)), newVersion());
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	private static String newVersion() {
		// Unique rather than incremented: two instances evicting at once need no lock
		return UUID.randomUUID().toString();
	}

	/**
	 * Return a path in the one spelling its entries are stored under: each segment and
	 * each of its path parameters percent-decoded, then only {@code %}, {@code /} and
	 * {@code ;} encoded again, so that {@code /news/%31} and {@code /news/1}, which
	 * Spring MVC maps alike, share their entries and their evictions, while
	 * {@code /a%2Fb} (one segment) stays apart from {@code /a/b}. A path that does not
	 * decode (a stray {@code %}) is kept as received.
	 * @param path the path within the application, as requested (percent-encoded)
	 * @return the canonical path
	 */
	static String canonicalPath(String path) {
		if (path.indexOf('%') < 0) {
			return path;
		}
		StringBuilder canonical = new StringBuilder(path.length());
		int start = 0;
		try {
			while (start <= path.length()) {
				int end = path.indexOf('/', start);
				if (end < 0) {
					end = path.length();
				}
				int parameter = start;
				for (int i = start; i <= end; i++) {
					if (i == end || path.charAt(i) == ';') {
						if (parameter > start) {
							canonical.append(';');
						}
						canonical
							.append(reencoded(UriUtils.decode(path.substring(parameter, i), StandardCharsets.UTF_8)));
						parameter = i + 1;
					}
				}
				if (end < path.length()) {
					canonical.append('/');
				}
				start = end + 1;
			}
		}
		catch (IllegalArgumentException ex) {
			return path;
		}
		return canonical.toString();
	}

	private static String reencoded(String decoded) {
		return decoded.replace("%", "%25").replace("/", "%2F").replace(";", "%3B");
	}

	/**
	 * Return the key of a path's version.
	 * @param path the path, {@linkplain #canonicalPath(String) canonical}
	 * @return the key
	 */
	static String pathKey(String path) {
		return "path-version:" + path;
	}

	private static String tagKey(String tag) {
		return "tag-version:" + tag;
	}

}
