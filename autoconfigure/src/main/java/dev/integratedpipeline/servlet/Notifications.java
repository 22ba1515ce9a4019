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

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.RequestEvent;

/**
 * The 24 deterministic notifications (each {@link RequestEvent} and its post-event) by
 * index, {@code event.ordinal() * 2 + (post ? 1 : 0)}, with the module method each calls.
 *
 * @author Integrated Pipeline team
 */
final class Notifications {

	static final int COUNT = RequestEvent.values().length * 2;

	static final int POST_BEGIN_REQUEST = index(RequestEvent.BEGIN_REQUEST, true);

	static final int AUTHENTICATE_REQUEST = index(RequestEvent.AUTHENTICATE_REQUEST, false);

	static final int POST_RESOLVE_REQUEST_CACHE = index(RequestEvent.RESOLVE_REQUEST_CACHE, true);

	static final int POST_MAP_REQUEST_HANDLER = index(RequestEvent.MAP_REQUEST_HANDLER, true);

	static final int EXECUTE_REQUEST_HANDLER = index(RequestEvent.EXECUTE_REQUEST_HANDLER, false);

	static final int POST_UPDATE_REQUEST_CACHE = index(RequestEvent.UPDATE_REQUEST_CACHE, true);

	static final int LOG_REQUEST = index(RequestEvent.LOG_REQUEST, false);

	static final int POST_END_REQUEST = index(RequestEvent.END_REQUEST, true);

	private static final RequestEvent[] EVENTS = RequestEvent.values();

	private Notifications() {
	}

	static int index(RequestEvent event, boolean post) {
		return event.ordinal() * 2 + (post ? 1 : 0);
	}

	static RequestEvent event(int index) {
		return EVENTS[index >> 1];
	}

	static boolean isPost(int index) {
		return (index & 1) == 1;
	}

	static String methodName(int index) {
		String name = camelCase(event(index).name());
		return isPost(index) ? "onPost" + name : "on" + name;
	}

	/**
	 * Call the module method of a notification. A switch rather than a table of method
	 * references: each call site then sees only the modules subscribed to its
	 * notification, and the JIT can inline them, where one call through a table would see
	 * every notification. Two switches of twelve, each small enough for the JIT to inline
	 * where the pipeline delivers a notification.
	 * @param index the notification
	 * @param module the module
	 * @param context the context of the request
	 * @return what the module answered
	 */
	static NotificationStatus invoke(int index, PipelineModule module, PipelineContext context) {
		return (index < 12) ? invokeUntilExecute(index, module, context) : invokeFromExecute(index, module, context);
	}

	private static NotificationStatus invokeUntilExecute(int index, PipelineModule module, PipelineContext context) {
		return switch (index) {
			case 0 -> module.onBeginRequest(context);
			case 1 -> module.onPostBeginRequest(context);
			case 2 -> module.onAuthenticateRequest(context);
			case 3 -> module.onPostAuthenticateRequest(context);
			case 4 -> module.onAuthorizeRequest(context);
			case 5 -> module.onPostAuthorizeRequest(context);
			case 6 -> module.onResolveRequestCache(context);
			case 7 -> module.onPostResolveRequestCache(context);
			case 8 -> module.onMapRequestHandler(context);
			case 9 -> module.onPostMapRequestHandler(context);
			case 10 -> module.onAcquireRequestState(context);
			default -> module.onPostAcquireRequestState(context);
		};
	}

	private static NotificationStatus invokeFromExecute(int index, PipelineModule module, PipelineContext context) {
		return switch (index) {
			case 12 -> module.onPreExecuteRequestHandler(context);
			case 13 -> module.onPostPreExecuteRequestHandler(context);
			case 14 -> module.onExecuteRequestHandler(context);
			case 15 -> module.onPostExecuteRequestHandler(context);
			case 16 -> module.onReleaseRequestState(context);
			case 17 -> module.onPostReleaseRequestState(context);
			case 18 -> module.onUpdateRequestCache(context);
			case 19 -> module.onPostUpdateRequestCache(context);
			case 20 -> module.onLogRequest(context);
			case 21 -> module.onPostLogRequest(context);
			case 22 -> module.onEndRequest(context);
			case 23 -> module.onPostEndRequest(context);
			default -> throw new IllegalArgumentException("No notification " + index);
		};
	}

	private static String camelCase(String constant) {
		StringBuilder name = new StringBuilder();
		for (String part : constant.split("_")) {
			name.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
		}
		return name.toString();
	}

}
