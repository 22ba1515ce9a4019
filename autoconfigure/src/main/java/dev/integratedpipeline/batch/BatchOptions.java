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

package dev.integratedpipeline.batch;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;

/**
 * The limits and settings of the {@link BatchHandler JSON batch endpoint}.
 *
 * @param path the path of the endpoint within the application, such as {@code /$batch};
 * item urls may not name it (no nested batches)
 * @param maxRequests how many items a batch may hold; more is refused with 400
 * @param maxRequestBytes how large the batch request body may be; more is refused with
 * 413 while reading
 * @param parallelism how many items run at once, and so how many item responses are held
 * at most while the response is written in order
 * @param timeout how long the whole batch may take; items not complete by then answer 504
 * @param allowItemCredentials whether an item may set its own {@code Authorization},
 * {@code Proxy-Authorization} or {@code Cookie} header rather than inherit the batch
 * request's
 * @param maxItemHeaderBytes how large the headers an item sets itself may be, names and
 * values together; more is refused with 400
 * @param refusedItemHeaders more headers an item may not set itself (a batch setting one
 * is refused with 400), beyond those a proxy in front of the application sets, which are
 * always refused ({@code Forwarded}, {@code X-Forwarded-*}, {@code X-Real-IP},
 * {@code Host}, {@code X-Original-URL}, {@code X-Rewrite-URL}, and the user headers of
 * common authenticating proxies, {@code SM_USER}, {@code X-Remote-*},
 * {@code X-Auth-Request-*} among them): a proxy strips or overwrites such headers on the
 * requests it forwards, but never sees an item's. Name, for one, the header a proxy
 * authenticates users with. Names compare case-insensitively; one ending in {@code *} is
 * a prefix
 * @param maxHelpers how many threads of the task executor the batches of the endpoint,
 * all together, may use at once to run items beside each batch's own thread: beyond it, a
 * batch's items wait for a helper to come free or for the batch's own thread, so that
 * batches of items that block leave the rest of the task executor to the application
 * ({@code @Async} methods, Spring MVC's asynchronous handlers) and to other clients
 * @param maxItemUrlLength how many characters an item's url may have, query included;
 * longer is refused with 400: as a request line longer than the container reads (Boot's
 * {@code server.max-http-request-header-size}, 8KB by default) never gets through from
 * the network
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record BatchOptions(String path, int maxRequests, long maxRequestBytes, int parallelism, Duration timeout,
		boolean allowItemCredentials, int maxItemHeaderBytes, List<String> refusedItemHeaders, int maxHelpers,
		int maxItemUrlLength) {

	/**
	 * The longest item url by default, in characters: Boot's default limit of a request's
	 * head.
	 */
	public static final int DEFAULT_MAX_ITEM_URL_LENGTH = 8 * 1024;

	/**
	 * The defaults: {@code /$batch}, 20 items, 1MB, 4 at a time, 30 seconds, no item
	 * credentials, 8KB of headers per item, no more refused headers than a proxy's, 4
	 * helpers for all batches together, urls of 8KB.
	 */
	public static final BatchOptions DEFAULTS = new BatchOptions("/$batch", 20, 1024 * 1024, 4, Duration.ofSeconds(30),
			false, 8 * 1024, List.of());

	/**
	 * Create options, validated.
	 * @param path the endpoint's path
	 * @param maxRequests the most items
	 * @param maxRequestBytes the largest body
	 * @param parallelism how many items run at once
	 * @param timeout how long a batch may take
	 * @param allowItemCredentials whether items may set credentials
	 * @param maxItemHeaderBytes the most header bytes an item sets
	 * @param refusedItemHeaders more headers an item may not set
	 * @param maxHelpers how many helpers all batches may use at once
	 * @param maxItemUrlLength the longest item url
	 */
	public BatchOptions {
		// A path a child request accepts
		ChildRequest.get(path).build();
		Assert.isTrue(path.indexOf('?') < 0 && path.indexOf('{') < 0 && path.indexOf('*') < 0,
				() -> "integrated-pipeline.batch.path must be a plain path, without query or pattern; it is " + path);
		Assert.isTrue(maxRequests > 0, "integrated-pipeline.batch.max-requests must be positive");
		Assert.isTrue(maxRequestBytes > 0 && maxRequestBytes <= Integer.MAX_VALUE - 8,
				"integrated-pipeline.batch.max-request-bytes must be positive and below 2GB");
		Assert.isTrue(parallelism > 0, "integrated-pipeline.batch.parallelism must be positive");
		Assert.notNull(timeout, "'timeout' must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "integrated-pipeline.batch.timeout must be positive");
		Assert.isTrue(maxItemHeaderBytes > 0, "integrated-pipeline.batch.max-item-header-bytes must be positive");
		Assert.notNull(refusedItemHeaders, "'refusedItemHeaders' must not be null");
		refusedItemHeaders = List.copyOf(refusedItemHeaders);
		for (String name : refusedItemHeaders) {
			Assert.isTrue(isHeaderName(name),
					() -> "integrated-pipeline.batch.refused-item-headers holds header names, each ending in '*' "
							+ "at most, not '" + name + "'");
		}
		Assert.isTrue(maxHelpers > 0, "integrated-pipeline.batch.max-helpers must be positive");
		Assert.isTrue(maxItemUrlLength > 0, "integrated-pipeline.batch.max-item-url-length must be positive");
	}

	/**
	 * Create options whose item urls may be {@value #DEFAULT_MAX_ITEM_URL_LENGTH}
	 * characters long.
	 * @param path the endpoint's path
	 * @param maxRequests the most items
	 * @param maxRequestBytes the largest body
	 * @param parallelism how many items run at once
	 * @param timeout how long a batch may take
	 * @param allowItemCredentials whether items may set credentials
	 * @param maxItemHeaderBytes the most header bytes an item sets
	 * @param refusedItemHeaders more headers an item may not set
	 * @param maxHelpers how many helpers all batches may use at once
	 */
	public BatchOptions(String path, int maxRequests, long maxRequestBytes, int parallelism, Duration timeout,
			boolean allowItemCredentials, int maxItemHeaderBytes, List<String> refusedItemHeaders, int maxHelpers) {
		this(path, maxRequests, maxRequestBytes, parallelism, timeout, allowItemCredentials, maxItemHeaderBytes,
				refusedItemHeaders, maxHelpers, DEFAULT_MAX_ITEM_URL_LENGTH);
	}

	private static boolean isHeaderName(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return false;
		}
		int star = name.indexOf('*');
		return star < 0 || star == name.length() - 1;
	}

	/**
	 * Create options with no more refused item headers than a proxy's.
	 * @param path the endpoint's path
	 * @param maxRequests the most items
	 * @param maxRequestBytes the largest body
	 * @param parallelism how many items run at once
	 * @param timeout how long a batch may take
	 * @param allowItemCredentials whether items may set credentials
	 * @param maxItemHeaderBytes the most header bytes an item sets
	 */
	public BatchOptions(String path, int maxRequests, long maxRequestBytes, int parallelism, Duration timeout,
			boolean allowItemCredentials, int maxItemHeaderBytes) {
		this(path, maxRequests, maxRequestBytes, parallelism, timeout, allowItemCredentials, maxItemHeaderBytes,
				List.of());
	}

	/**
	 * Create options whose batches, all together, may use as many helpers as one batch
	 * may ({@code parallelism}).
	 * @param path the endpoint's path
	 * @param maxRequests the most items
	 * @param maxRequestBytes the largest body
	 * @param parallelism how many items run at once
	 * @param timeout how long a batch may take
	 * @param allowItemCredentials whether items may set credentials
	 * @param maxItemHeaderBytes the most header bytes an item sets
	 * @param refusedItemHeaders more headers an item may not set
	 */
	public BatchOptions(String path, int maxRequests, long maxRequestBytes, int parallelism, Duration timeout,
			boolean allowItemCredentials, int maxItemHeaderBytes, List<String> refusedItemHeaders) {
		this(path, maxRequests, maxRequestBytes, parallelism, timeout, allowItemCredentials, maxItemHeaderBytes,
				refusedItemHeaders, parallelism);
	}

}
