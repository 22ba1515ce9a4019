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

package dev.integratedpipeline.modules.filtering;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * What {@link RequestFilteringModule} refuses: the Spring counterpart of IIS's
 * {@code <requestFiltering>} section. Methods are compared as given (HTTP methods are
 * case-sensitive); header names, segments and extensions case-insensitively. An empty set
 * of allowed methods allows every method that is not denied.
 *
 * @param deniedMethods methods answered with 405
 * @param allowedMethods the only methods allowed, when not empty; others get 405
 * @param maxUrlLength the longest URL allowed, without its query, as received
 * @param maxQueryStringLength the longest query string allowed, as received
 * @param maxContentLength the largest body allowed, in bytes
 * @param maxHeaderBytes the largest header allowed (name, colon, space and value)
 * @param headerLimits limits for single headers, by name, that replace
 * {@code maxHeaderBytes} for them
 * @param hiddenSegments path segments that are never served
 * @param deniedExtensions file extensions, with their dot, that are never served
 * @param allowedExtensions file extensions, with their dot, that are served when unlisted
 * ones are not allowed
 * @param allowUnlistedExtensions whether an extension that is not in
 * {@code allowedExtensions} is served (a path without an extension always is)
 * @param deniedUrlSequences sequences the URL must not contain, as received or decoded
 * @param allowDoubleEscaping whether a URL that decoding twice changes is allowed
 * @param allowHighBitCharacters whether non-ASCII characters are allowed in the URL
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record RequestFilteringRules(Set<String> deniedMethods, Set<String> allowedMethods, int maxUrlLength,
		int maxQueryStringLength, long maxContentLength, int maxHeaderBytes, Map<String, Integer> headerLimits,
		Set<String> hiddenSegments, Set<String> deniedExtensions, Set<String> allowedExtensions,
		boolean allowUnlistedExtensions, List<String> deniedUrlSequences, boolean allowDoubleEscaping,
		boolean allowHighBitCharacters) {

	/**
	 * The default hidden segments.
	 */
	public static final Set<String> DEFAULT_HIDDEN_SEGMENTS = Set.of("WEB-INF", "META-INF", ".git", ".svn", ".env");

	/**
	 * The default denied URL sequences.
	 */
	public static final List<String> DEFAULT_DENIED_URL_SEQUENCES = List.of("..", "./", "\\", "//");

	/**
	 * Create rules; the collections are copied, header names, segments and extensions
	 * lower-cased.
	 */
	public RequestFilteringRules {
		Assert.isTrue(maxUrlLength > 0, "'maxUrlLength' must be positive");
		Assert.isTrue(maxQueryStringLength >= 0, "'maxQueryStringLength' must not be negative");
		Assert.isTrue(maxContentLength >= 0, "'maxContentLength' must not be negative");
		Assert.isTrue(maxHeaderBytes > 0, "'maxHeaderBytes' must be positive");
		deniedMethods = Collections.unmodifiableSet(new LinkedHashSet<>(deniedMethods));
		allowedMethods = Collections.unmodifiableSet(new LinkedHashSet<>(allowedMethods));
		Map<String, Integer> limits = new LinkedHashMap<>();
		headerLimits.forEach((name, limit) -> limits.put(name.toLowerCase(Locale.ROOT), limit));
		headerLimits = Map.copyOf(limits);
		hiddenSegments = lowerCase(hiddenSegments);
		deniedExtensions = extensions(deniedExtensions, "deniedExtensions");
		allowedExtensions = extensions(allowedExtensions, "allowedExtensions");
		deniedUrlSequences = deniedUrlSequences.stream().filter((sequence) -> !sequence.isEmpty()).toList();
	}

	/**
	 * Return the defaults: no method denied, URLs up to 4096 characters, queries up to
	 * 2048, bodies up to 30,000,000 bytes, headers up to 8192 bytes, {@code WEB-INF},
	 * {@code META-INF}, {@code .git}, {@code .svn} and {@code .env} hidden, every
	 * extension allowed, {@code ..}, {@code ./}, {@code \} and {@code //} denied, no
	 * double escaping, non-ASCII characters allowed.
	 * @return the default rules
	 */
	public static RequestFilteringRules defaults() {
		return new RequestFilteringRules(Set.of(), Set.of(), 4096, 2048, 30_000_000L, 8192, Map.of(),
				DEFAULT_HIDDEN_SEGMENTS, Set.of(), Set.of(), true, DEFAULT_DENIED_URL_SEQUENCES, false, true);
	}

	private static Set<String> lowerCase(Set<String> values) {
		Set<String> lowerCase = new LinkedHashSet<>();
		values.forEach((value) -> lowerCase.add(value.toLowerCase(Locale.ROOT)));
		return Set.copyOf(lowerCase);
	}

	private static Set<String> extensions(Set<String> extensions, String name) {
		for (String extension : extensions) {
			Assert.isTrue(extension.length() > 1 && extension.charAt(0) == '.',
					() -> "'" + name + "' must be written with their dot, like '.bak': " + extension);
		}
		return lowerCase(extensions);
	}

}
