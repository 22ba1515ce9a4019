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

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.integratedpipeline.modules.accesslog.AccessLogModule;

/**
 * Configuration properties of the W3C access log module.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.access-log")
public class AccessLogProperties {

	/**
	 * Whether to write a line per request in the W3C extended log file format to the
	 * 'integrated-pipeline.access' logger.
	 */
	private boolean enabled;

	/**
	 * Fields of each line, space-separated as in the #Fields directive; cs(Header) and
	 * sc(Header) name a request or a response header. When include-children is on and the
	 * fields are the default, x-parent-id is added.
	 */
	private String fields = AccessLogModule.DEFAULT_FIELDS;

	/**
	 * Whether to log child requests too.
	 */
	private boolean includeChildren;

	/**
	 * Number of lines gathered and written together, as one logging event of several
	 * lines, when the buffer is full, holds 64 KB, every flush-interval and at shutdown.
	 * 1 writes each line as its own event at LOG_REQUEST. More suits an asynchronous
	 * appender with a message-only pattern (%msg%n): its worker is woken once a buffer
	 * rather than once a line.
	 */
	private int bufferSize = 1;

	/**
	 * Longest time a buffered line waits before it is written.
	 */
	private Duration flushInterval = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getFields() {
		return this.fields;
	}

	public void setFields(String fields) {
		this.fields = fields;
	}

	public boolean isIncludeChildren() {
		return this.includeChildren;
	}

	public void setIncludeChildren(boolean includeChildren) {
		this.includeChildren = includeChildren;
	}

	public int getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		this.flushInterval = flushInterval;
	}

}
