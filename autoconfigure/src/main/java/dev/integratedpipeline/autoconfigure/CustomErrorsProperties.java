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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.integratedpipeline.modules.customerrors.ExistingResponse;

/**
 * Configuration properties of the custom errors module.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.custom-errors")
public class CustomErrorsProperties {

	/**
	 * Whether to answer error statuses with pages of the application, rendered by child
	 * requests.
	 */
	private boolean enabled;

	/**
	 * Page of each error status, a path within the application, for example
	 * pages.404=/errors/not-found.
	 */
	private Map<Integer, String> pages = new LinkedHashMap<>();

	/**
	 * Page of every other status of 400 and above, a path within the application.
	 */
	private @Nullable String defaultPage;

	/**
	 * Which responses of a mapped status are replaced: 'auto' only those the container
	 * would give its error page (sendError, an uncaught exception), 'replace' every one,
	 * 'pass-through' none that has a body.
	 */
	private ExistingResponse existingResponse = ExistingResponse.AUTO;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<Integer, String> getPages() {
		return this.pages;
	}

	public void setPages(Map<Integer, String> pages) {
		this.pages = pages;
	}

	public @Nullable String getDefaultPage() {
		return this.defaultPage;
	}

	public void setDefaultPage(@Nullable String defaultPage) {
		this.defaultPage = defaultPage;
	}

	public ExistingResponse getExistingResponse() {
		return this.existingResponse;
	}

	public void setExistingResponse(ExistingResponse existingResponse) {
		this.existingResponse = existingResponse;
	}

}
