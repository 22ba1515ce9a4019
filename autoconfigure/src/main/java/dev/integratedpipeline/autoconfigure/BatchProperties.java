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

import dev.integratedpipeline.batch.BatchOptions;

/**
 * Configuration properties of the JSON batch endpoint.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.batch")
public class BatchProperties {

	/**
	 * Whether to register the JSON batch endpoint.
	 */
	private boolean enabled;

	/**
	 * Path of the JSON batch endpoint within the application. Item urls may not name it.
	 */
	private String path = "/$batch";

	/**
	 * How many items run at once; also how many item responses a batch holds at most
	 * while its response is written in order.
	 */
	private int parallelism = 4;

	/**
	 * How long a whole batch may take; items not complete by then answer 504.
	 */
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * How many items a batch may hold; more is refused with 400.
	 */
	private int maxRequests = 20;

	/**
	 * How large a batch request body may be; more is refused with 413.
	 */
	private DataSize maxRequestBytes = DataSize.ofMegabytes(1);

	/**
	 * How large the headers an item sets itself may be, names and values together; more
	 * is refused with 400.
	 */
	private DataSize maxItemHeaderBytes = DataSize.ofKilobytes(8);

	/**
	 * Whether an item may set its own Authorization, Proxy-Authorization or Cookie
	 * header; by default such a batch is refused with 400 and items authenticate with the
	 * batch request's credentials.
	 */
	private boolean allowItemCredentials;

	/**
	 * More headers an item may not set itself (such a batch is refused with 400), beyond
	 * those a proxy in front of the application sets, which are always refused
	 * (Forwarded, X-Forwarded-*, X-Real-IP, Host, X-Original-URL, X-Rewrite-URL, and the
	 * user headers of common authenticating proxies: SM_USER, X-Remote-*,
	 * X-Auth-Request-* and others, listed in the README): a proxy strips or overwrites
	 * them on the requests it forwards, but never sees an item's. Name the header a proxy
	 * authenticates users with, if any. A name ending in '*' is a prefix.
	 */
	private List<String> refusedItemHeaders = new ArrayList<>();

	/**
	 * How many threads of the application task executor all batches together may use at
	 * once to run items beside each batch's own thread; beyond it, items wait for a
	 * helper to come free or for their batch's own thread. Keeps batches of items that
	 * block from taking every thread of the task executor, which @Async methods and
	 * Spring MVC's asynchronous handlers share. Defaults to 'parallelism'.
	 */
	private @Nullable Integer maxHelpers;

	/**
	 * How many characters an item's url may have, query included; longer is refused with
	 * 400, as a request line longer than the container reads
	 * (server.max-http-request-header-size, 8KB by default) never gets through from the
	 * network.
	 */
	private int maxItemUrlLength = 8192;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(int parallelism) {
		this.parallelism = parallelism;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxRequests() {
		return this.maxRequests;
	}

	public void setMaxRequests(int maxRequests) {
		this.maxRequests = maxRequests;
	}

	public DataSize getMaxRequestBytes() {
		return this.maxRequestBytes;
	}

	public void setMaxRequestBytes(DataSize maxRequestBytes) {
		this.maxRequestBytes = maxRequestBytes;
	}

	public DataSize getMaxItemHeaderBytes() {
		return this.maxItemHeaderBytes;
	}

	public void setMaxItemHeaderBytes(DataSize maxItemHeaderBytes) {
		this.maxItemHeaderBytes = maxItemHeaderBytes;
	}

	public boolean isAllowItemCredentials() {
		return this.allowItemCredentials;
	}

	public void setAllowItemCredentials(boolean allowItemCredentials) {
		this.allowItemCredentials = allowItemCredentials;
	}

	public List<String> getRefusedItemHeaders() {
		return this.refusedItemHeaders;
	}

	public void setRefusedItemHeaders(List<String> refusedItemHeaders) {
		this.refusedItemHeaders = refusedItemHeaders;
	}

	/**
	 * Return the options of the endpoint, validated.
	 * @return the options
	 */
	public @Nullable Integer getMaxHelpers() {
		return this.maxHelpers;
	}

	public void setMaxHelpers(@Nullable Integer maxHelpers) {
		this.maxHelpers = maxHelpers;
	}

	public int getMaxItemUrlLength() {
		return this.maxItemUrlLength;
	}

	public void setMaxItemUrlLength(int maxItemUrlLength) {
		this.maxItemUrlLength = maxItemUrlLength;
	}

	BatchOptions toOptions() {
		return new BatchOptions(this.path, this.maxRequests, this.maxRequestBytes.toBytes(), this.parallelism,
				this.timeout, this.allowItemCredentials,
				(int) Math.min(Integer.MAX_VALUE, this.maxItemHeaderBytes.toBytes()), this.refusedItemHeaders,
				(this.maxHelpers != null) ? this.maxHelpers : this.parallelism, this.maxItemUrlLength);
	}

}
