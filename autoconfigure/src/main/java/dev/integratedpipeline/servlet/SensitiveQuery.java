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

package dev.integratedpipeline.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.util.UriUtils;

import dev.integratedpipeline.child.RequestPath;

/**
 * Masks the values of sensitive query parameters in a path with a query, before it is
 * recorded (a trace, an observation, a log line): {@code /login?user=x&password=s3cret}
 * becomes {@code /login?user=x&password=******}. Names are compared decoded and
 * case-insensitively, so that {@code Password} or {@code pass%77ord} are masked too.
 *
 * @author Integrated Pipeline team
 */
public final class SensitiveQuery {

	/**
	 * The parameters masked unless configured otherwise.
	 */
	static final Set<String> DEFAULT_PARAMETERS = Set.of("password", "token", "access_token", "secret", "api_key");

	public static final SensitiveQuery DEFAULT = new SensitiveQuery(DEFAULT_PARAMETERS);

	private static final String MASK = "******";

	private final Set<String> names;

	public SensitiveQuery(Collection<String> names) {
		Assert.notNull(names, "'names' must not be null");
		this.names = names.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Return the path with the values of the sensitive parameters of its query masked.
	 * @param pathWithQuery a path with an optional query
	 * @return the path as it may be recorded
	 */
	public String mask(String pathWithQuery) {
		return mask(RequestPath.of(pathWithQuery));
	}

	/**
	 * Return the path with the values of the sensitive parameters of its query masked,
	 * from its parts split already.
	 * @param path a path with an optional query
	 * @return the path as it may be recorded
	 */
	public String mask(RequestPath path) {
		String query = path.query();
		return (query != null && !this.names.isEmpty()) ? masked(path.path(), query) : path.value();
	}

	/**
	 * Return the path with the values of the sensitive parameters of a query masked, from
	 * the path and query of a live request.
	 * @param path a path without a query
	 * @param query its query, if any
	 * @return the path with the query as it may be recorded
	 */
	public String mask(String path, @Nullable String query) {
		if (query == null) {
			return path;
		}
		return (!this.names.isEmpty()) ? masked(path, query) : path + "?" + query;
	}

	private String masked(String path, String query) {
		StringBuilder masked = new StringBuilder(path.length() + 1 + query.length()).append(path).append('?');
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			String pair = query.substring(start, end);
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (equals >= 0 && isSensitive(name)) {
				masked.append(name).append('=').append(MASK);
			}
			else {
				masked.append(pair);
			}
			if (end < query.length()) {
				masked.append('&');
			}
			start = end + 1;
		}
		return masked.toString();
	}

	private boolean isSensitive(String name) {
		String decoded;
		try {
			decoded = UriUtils.decode(name.replace('+', ' '), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not decodable: no application reads it by a name either
			decoded = name;
		}
		return this.names.contains(decoded.toLowerCase(Locale.ROOT));
	}

}
