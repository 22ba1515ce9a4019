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

/**
 * The deterministic events of the integrated request pipeline, in the order in which
 * every request passes them. Each event is followed by its post-event before the next
 * event starts.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 * @see PipelineModule
 */
public enum RequestEvent {

	/**
	 * The first event of every request, before any authentication filter ran. The only
	 * event in which {@link PipelineContext#setUrl(String)} may rewrite the URL.
	 */
	BEGIN_REQUEST,

	/**
	 * The identity of the user is established, after the application's authentication
	 * filters (Spring Security's filter chain) ran.
	 */
	AUTHENTICATE_REQUEST,

	/**
	 * The user's access to the requested resource is verified.
	 */
	AUTHORIZE_REQUEST,

	/**
	 * A module may answer the request from a cache.
	 */
	RESOLVE_REQUEST_CACHE,

	/**
	 * Spring MVC mapped the request to a handler.
	 */
	MAP_REQUEST_HANDLER,

	/**
	 * The request state (for example the session) is acquired.
	 */
	ACQUIRE_REQUEST_STATE,

	/**
	 * Right before the handler is executed.
	 */
	PRE_EXECUTE_REQUEST_HANDLER,

	/**
	 * The handler executes: the modules are notified first, then the Spring MVC handler
	 * runs (including view rendering); the post-event fires after it.
	 */
	EXECUTE_REQUEST_HANDLER,

	/**
	 * The request state is released.
	 */
	RELEASE_REQUEST_STATE,

	/**
	 * A module may store the response in a cache.
	 */
	UPDATE_REQUEST_CACHE,

	/**
	 * The request is logged. Runs for every request, also after an error or a
	 * {@link NotificationStatus#FINISH_REQUEST}.
	 */
	LOG_REQUEST,

	/**
	 * The last event of every request. Runs for every request, also after an error or a
	 * {@link NotificationStatus#FINISH_REQUEST}.
	 */
	END_REQUEST

}
