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
 * What the output cache did with a request, the {@code result} tag of the
 * {@code integrated.pipeline.output.cache} counter.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum OutputCacheResult {

	/**
	 * Answered from the cache (a 200 or a 304); the handler was not invoked.
	 */
	HIT,

	/**
	 * Eligible but not in the cache: the handler ran.
	 */
	MISS,

	/**
	 * The response of a miss was stored.
	 */
	STORE,

	/**
	 * A policy matched but the request may not use the cache: a child request without
	 * {@code HTTP_CACHE_ELIGIBLE}, or a request with a user under a policy that does not
	 * vary by user.
	 */
	BYPASS;

	/**
	 * Return the tag value: the name in lower case.
	 * @return the tag value
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
