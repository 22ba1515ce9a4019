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

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which responses the output cache stores, and under which key: the first policy whose
 * path matches a request applies to it.
 *
 * @param path the paths the policy applies to, a Spring {@link PathPattern}
 * @param duration how long a stored response is served
 * @param varyByAllQuery whether every query parameter is part of the key (when
 * {@code false}, only {@code varyByQuery})
 * @param varyByQuery the query parameters that are part of the key, when not every
 * parameter is
 * @param varyByHeaders the request headers that are part of the key
 * @param varyByUser whether requests with a user (or an {@code Authorization} header) are
 * cached, each user's apart
 * @param tags the tags of the stored responses, for {@link OutputCache#evictTag}
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record OutputCachePolicy(String path, Duration duration, boolean varyByAllQuery, Set<String> varyByQuery,
		List<String> varyByHeaders, boolean varyByUser, Set<String> tags) {

	/**
	 * Create a policy; the collections are copied and the path is parsed.
	 */
	public OutputCachePolicy {
		Assert.hasText(path, "'path' must not be empty");
		Assert.notNull(duration, "'duration' must not be null");
		Assert.isTrue(!duration.isNegative() && !duration.isZero(), "'duration' must be positive");
		PathPatternParser.defaultInstance.parse(path);
		varyByQuery = Set.copyOf(varyByQuery);
		varyByHeaders = List.copyOf(varyByHeaders);
		tags = Set.copyOf(tags);
	}

	/**
	 * Create a policy that varies by every query parameter, by no header and no user,
	 * with no tags.
	 * @param path the paths, a Spring {@link PathPattern}
	 * @param duration how long a stored response is served
	 * @return the policy
	 */
	public static OutputCachePolicy of(String path, Duration duration) {
		return new OutputCachePolicy(path, duration, true, Set.of(), List.of(), false, Set.of());
	}

	/**
	 * Return the parsed path pattern.
	 * @return the pattern
	 */
	PathPattern pattern() {
		return PathPatternParser.defaultInstance.parse(this.path);
	}

}
