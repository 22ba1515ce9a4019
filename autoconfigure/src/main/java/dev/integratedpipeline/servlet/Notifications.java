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

	private static final Invoker[] INVOKERS = { PipelineModule::onBeginRequest, PipelineModule::onPostBeginRequest,
			PipelineModule::onAuthenticateRequest, PipelineModule::onPostAuthenticateRequest,
			PipelineModule::onAuthorizeRequest, PipelineModule::onPostAuthorizeRequest,
			PipelineModule::onResolveRequestCache, PipelineModule::onPostResolveRequestCache,
			PipelineModule::onMapRequestHandler, PipelineModule::onPostMapRequestHandler,
			PipelineModule::onAcquireRequestState, PipelineModule::onPostAcquireRequestState,
			PipelineModule::onPreExecuteRequestHandler, PipelineModule::onPostPreExecuteRequestHandler,
			PipelineModule::onExecuteRequestHandler, PipelineModule::onPostExecuteRequestHandler,
			PipelineModule::onReleaseRequestState, PipelineModule::onPostReleaseRequestState,
			PipelineModule::onUpdateRequestCache, PipelineModule::onPostUpdateRequestCache,
			PipelineModule::onLogRequest, PipelineModule::onPostLogRequest, PipelineModule::onEndRequest,
			PipelineModule::onPostEndRequest };

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

	static NotificationStatus invoke(int index, PipelineModule module, PipelineContext context) {
		return INVOKERS[index].invoke(module, context);
	}

	private static String camelCase(String constant) {
		StringBuilder name = new StringBuilder();
		for (String part : constant.split("_")) {
			name.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
		}
		return name.toString();
	}

	@FunctionalInterface
	private interface Invoker {

		NotificationStatus invoke(PipelineModule module, PipelineContext context);

	}

}
