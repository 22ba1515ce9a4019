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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the request filtering module.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.request-filtering")
public class RequestFilteringProperties {

	/**
	 * Whether to enable request filtering.
	 */
	private boolean enabled;

	/**
	 * HTTP methods that are refused with 405.
	 */
	private List<String> deniedMethods = new ArrayList<>();

	/**
	 * HTTP methods that are allowed; when not empty, any other method is refused with
	 * 405.
	 */
	private List<String> allowedMethods = new ArrayList<>();

	/**
	 * Longest URL allowed, without its query, as received; longer ones are refused with
	 * 414.
	 */
	private int maxUrlLength = 4096;

	/**
	 * Longest query string allowed, as received; longer ones are refused with 414.
	 */
	private int maxQueryStringLength = 2048;

	/**
	 * Largest request body allowed, in bytes, from the Content-Length header and, for a
	 * chunked body, while it is read; larger ones are refused with 413.
	 */
	private long maxContentLength = 30_000_000L;

	/**
	 * Largest request header allowed, in bytes (name, colon, space and value); larger
	 * ones are refused with 431.
	 */
	private int maxHeaderBytes = 8192;

	/**
	 * Limits for single request headers, by header name, that replace max-header-bytes
	 * for them.
	 */
	private Map<String, Integer> headerLimits = new LinkedHashMap<>();

	/**
	 * Path segments that are never served (refused with 404), compared case-insensitively
	 * after decoding.
	 */
	private List<String> hiddenSegments = new ArrayList<>(List.of("WEB-INF", "META-INF", ".git", ".svn", ".env"));

	/**
	 * File extensions, written with their dot (.bak), that are refused with 404.
	 */
	private List<String> deniedExtensions = new ArrayList<>();

	/**
	 * File extensions, written with their dot (.html), that are served when
	 * allow-unlisted-extensions is false.
	 */
	private List<String> allowedExtensions = new ArrayList<>();

	/**
	 * Whether extensions that are not in allowed-extensions are served. A path without an
	 * extension always is.
	 */
	private boolean allowUnlistedExtensions = true;

	/**
	 * Sequences the URL must not contain, as received or decoded; such URLs are refused
	 * with 404.
	 */
	private List<String> deniedUrlSequences = new ArrayList<>(List.of("..", "./", "\\", "//"));

	/**
	 * Whether to allow URLs that decoding twice changes (double-escaped); otherwise they
	 * are refused with 404.
	 */
	private boolean allowDoubleEscaping;

	/**
	 * Whether to allow non-ASCII characters in the URL; otherwise they are refused with
	 * 404.
	 */
	private boolean allowHighBitCharacters = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getDeniedMethods() {
		return this.deniedMethods;
	}

	public void setDeniedMethods(List<String> deniedMethods) {
		this.deniedMethods = deniedMethods;
	}

	public List<String> getAllowedMethods() {
		return this.allowedMethods;
	}

	public void setAllowedMethods(List<String> allowedMethods) {
		this.allowedMethods = allowedMethods;
	}

	public int getMaxUrlLength() {
		return this.maxUrlLength;
	}

	public void setMaxUrlLength(int maxUrlLength) {
		this.maxUrlLength = maxUrlLength;
	}

	public int getMaxQueryStringLength() {
		return this.maxQueryStringLength;
	}

	public void setMaxQueryStringLength(int maxQueryStringLength) {
		this.maxQueryStringLength = maxQueryStringLength;
	}

	public long getMaxContentLength() {
		return this.maxContentLength;
	}

	public void setMaxContentLength(long maxContentLength) {
		this.maxContentLength = maxContentLength;
	}

	public int getMaxHeaderBytes() {
		return this.maxHeaderBytes;
	}

	public void setMaxHeaderBytes(int maxHeaderBytes) {
		this.maxHeaderBytes = maxHeaderBytes;
	}

	public Map<String, Integer> getHeaderLimits() {
		return this.headerLimits;
	}

	public void setHeaderLimits(Map<String, Integer> headerLimits) {
		this.headerLimits = headerLimits;
	}

	public List<String> getHiddenSegments() {
		return this.hiddenSegments;
	}

	public void setHiddenSegments(List<String> hiddenSegments) {
		this.hiddenSegments = hiddenSegments;
	}

	public List<String> getDeniedExtensions() {
		return this.deniedExtensions;
	}

	public void setDeniedExtensions(List<String> deniedExtensions) {
		this.deniedExtensions = deniedExtensions;
	}

	public List<String> getAllowedExtensions() {
		return this.allowedExtensions;
	}

	public void setAllowedExtensions(List<String> allowedExtensions) {
		this.allowedExtensions = allowedExtensions;
	}

	public boolean isAllowUnlistedExtensions() {
		return this.allowUnlistedExtensions;
	}

	public void setAllowUnlistedExtensions(boolean allowUnlistedExtensions) {
		this.allowUnlistedExtensions = allowUnlistedExtensions;
	}

	public List<String> getDeniedUrlSequences() {
		return this.deniedUrlSequences;
	}

	public void setDeniedUrlSequences(List<String> deniedUrlSequences) {
		this.deniedUrlSequences = deniedUrlSequences;
	}

	public boolean isAllowDoubleEscaping() {
		return this.allowDoubleEscaping;
	}

	public void setAllowDoubleEscaping(boolean allowDoubleEscaping) {
		this.allowDoubleEscaping = allowDoubleEscaping;
	}

	public boolean isAllowHighBitCharacters() {
		return this.allowHighBitCharacters;
	}

	public void setAllowHighBitCharacters(boolean allowHighBitCharacters) {
		this.allowHighBitCharacters = allowHighBitCharacters;
	}

}
