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

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A stored response; serializable, so that a shared store (Redis) can hold it.
 *
 * @param status the status
 * @param headers the headers the handler set, the content type included
 * @param content the content
 * @param etag the entity tag, quoted
 * @param storedAt when it was stored, in epoch milliseconds
 * @param expiresAt when it expires, in epoch milliseconds
 * @param tagVersions the version of each of the policy's tags when it was stored
 * @param varying the request headers the response varies by (its {@code Vary}), lower
 * case, each with the values the request that stored it sent (none when it sent none);
 * {@code null} in an entry stored before this field existed
 * @author Integrated Pipeline team
 */
record CachedResponse(int status, Map<String, List<String>> headers, byte[] content, String etag, long storedAt,
		long expiresAt, Map<String, String> tagVersions,
		@Nullable Map<String, List<String>> varying) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Return whether this response may be served to a request: it sends the same values
	 * of every header the response varies by as the request that stored it.
	 * @param request the request
	 * @return whether it may be served
	 */
	boolean fits(HttpServletRequest request) {
		Map<String, List<String>> varying = this.varying;
		if (varying == null || varying.isEmpty()) {
			return true;
		}
		for (Map.Entry<String, List<String>> header : varying.entrySet()) {
			if (!sends(request, header.getKey(), header.getValue())) {
				return false;
			}
		}
		return true;
	}

	private static boolean sends(HttpServletRequest request, String name, List<String> expected) {
		Enumeration<String> values = request.getHeaders(name);
		int count = 0;
		while (values != null && values.hasMoreElements()) {
			if (count >= expected.size() || !expected.get(count).equals(values.nextElement())) {
				return false;
			}
			count++;
		}
		return count == expected.size();
	}

	/**
	 * Return the values a request sends of a header, in order.
	 * @param request the request
	 * @param name the header
	 * @return the values, empty when it sends none
	 */
	static List<String> values(HttpServletRequest request, String name) {
		Enumeration<String> values = request.getHeaders(name);
		return (values != null) ? List.copyOf(Collections.list(values)) : List.of();
	}

}
