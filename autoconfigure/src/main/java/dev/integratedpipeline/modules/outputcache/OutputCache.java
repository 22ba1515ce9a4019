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

/**
 * Evicts stored responses of the output cache: by tag, by path, or all of them. Where the
 * cache is shared (Redis), an eviction on one instance of the application is seen by
 * every instance.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface OutputCache {

	/**
	 * Evict every response stored under a policy with this tag.
	 * @param tag the tag
	 */
	void evictTag(String tag);

	/**
	 * Evict every response stored for this path (all its variants), as a successful
	 * {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} to it does.
	 * @param path the path within the application, as requested (percent-encoded); any
	 * spelling that decodes to the same segments evicts the same entries
	 * ({@code /news/%31} and {@code /news/1})
	 */
	void evictPath(String path);

	/**
	 * Evict every stored response.
	 */
	void clear();

}
