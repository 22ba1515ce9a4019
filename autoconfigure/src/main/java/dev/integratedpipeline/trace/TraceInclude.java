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

package dev.integratedpipeline.trace;

/**
 * What a child-request trace records beyond the timeline, status, timing and errors,
 * after Boot's {@code httpexchanges} {@code Include}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum TraceInclude {

	/**
	 * The request headers, less the sensitive ones.
	 */
	REQUEST_HEADERS,

	/**
	 * The response headers, less the sensitive ones.
	 */
	RESPONSE_HEADERS,

	/**
	 * The {@code Authorization} and {@code Proxy-Authorization} headers, when headers are
	 * recorded.
	 */
	AUTHORIZATION_HEADER,

	/**
	 * The {@code Cookie} and {@code Set-Cookie} headers, when headers are recorded.
	 */
	COOKIE_HEADERS,

	/**
	 * The headers configured as sensitive, when headers are recorded.
	 */
	SENSITIVE_HEADERS,

	/**
	 * The name of the user.
	 */
	PRINCIPAL

}
