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

package dev.integratedpipeline.pipeline;

import org.springframework.util.Assert;

/**
 * A URL being mapped to a static resource, delivered to {@link PipelineModule#onMapPath}.
 * A module may substitute the resource path.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class MapPathEvent {

	private final String url;

	private String path;

	/**
	 * Create a new event.
	 * @param url the request path within the application
	 * @param path the resource path it maps to, relative to the resource locations
	 */
	public MapPathEvent(String url, String path) {
		Assert.notNull(url, "'url' must not be null");
		Assert.notNull(path, "'path' must not be null");
		this.url = url;
		this.path = path;
	}

	/**
	 * Return the request path within the application.
	 * @return the URL path
	 */
	public String url() {
		return this.url;
	}

	/**
	 * Return the resource path, relative to the configured resource locations.
	 * @return the resource path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Substitute the resource path. The new path is resolved against the same resource
	 * locations, with the same protection against path traversal.
	 * @param path the new resource path
	 */
	public void setPath(String path) {
		Assert.hasText(path, "'path' must not be empty");
		this.path = path;
	}

}
