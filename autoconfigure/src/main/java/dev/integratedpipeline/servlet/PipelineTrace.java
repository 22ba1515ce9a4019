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

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;

/**
 * Records what happened to one request as it passed the pipeline. The {@link #NONE no-op
 * trace} is used unless tracing is on, so that an untraced request pays nothing but a
 * virtual call per notification.
 *
 * @author Integrated Pipeline team
 */
public interface PipelineTrace {

	/**
	 * A trace that records nothing.
	 */
	PipelineTrace NONE = new PipelineTrace() {
	};

	/**
	 * The names of the notifications that follow the deterministic ones, in the order of
	 * their indexes.
	 */
	String[] OTHER_EVENTS = { "MAP_PATH", "READ_ENTITY", "SEND_RESPONSE", "CUSTOM_NOTIFICATION", "ASYNC_COMPLETION" };

	/**
	 * Return the id of the traced request, or {@code null} when not recording.
	 * @return the id
	 */
	default @Nullable String id() {
		return null;
	}

	/**
	 * Return a timestamp for the start of a notification.
	 * @return nanoseconds, or {@code 0} when not recording
	 */
	default long clock() {
		return 0;
	}

	/**
	 * Return the name of the event a notification index of {@link #notified} stands for:
	 * a {@code RequestEvent}'s name, or {@code MAP_PATH}, {@code READ_ENTITY},
	 * {@code SEND_RESPONSE}, {@code CUSTOM_NOTIFICATION} or {@code ASYNC_COMPLETION}.
	 * @param notification the notification index
	 * @return the event name
	 */
	static String eventName(int notification) {
		return (notification < Notifications.COUNT) ? Notifications.event(notification).name()
				: OTHER_EVENTS[notification - Notifications.COUNT];
	}

	/**
	 * Return whether a notification index of {@link #notified} stands for the post-event
	 * of a {@code RequestEvent}.
	 * @param notification the notification index
	 * @return whether it is a post-event
	 */
	static boolean isPostEvent(int notification) {
		return notification < Notifications.COUNT && Notifications.isPost(notification);
	}

	/**
	 * Record one notification delivered to one module.
	 * @param notification the notification index
	 * @param module the module bean name
	 * @param status what the module answered, {@code null} when it threw
	 * @param start what {@link #clock()} returned before the module was called
	 * @param failure what the module threw, if it did
	 */
	default void notified(int notification, String module, @Nullable NotificationStatus status, long start,
			@Nullable Throwable failure) {
	}

	/**
	 * Record the end of the request, once {@code END_REQUEST} was delivered and its
	 * children were released.
	 */
	default void ended() {
	}

	/**
	 * The request as its trace reads it: its context, and what the pipeline keeps for its
	 * trace. Implemented by the pipeline engine's context, so that tracing does not call
	 * back into the class that calls it.
	 */
	interface Traced extends PipelineContext {

		/**
		 * Return the note the module being notified attached, and forget it.
		 * @return the note or {@code null}
		 */
		@Nullable String takeTraceNote();

		/**
		 * Return the child contexts the modules of this request cloned, in order of their
		 * creation.
		 * @return the child contexts
		 */
		List<ChildEngine.Cloned> clonedChildren();

	}

	/**
	 * Starts traces for requests.
	 */
	interface Factory {

		/**
		 * A factory that never records.
		 */
		Factory NONE = (context, request, childState) -> PipelineTrace.NONE;

		/**
		 * Start the trace of a request.
		 * @param context the request context
		 * @param request the request
		 * @param childState the child state, when the request is a child request
		 * @return the trace
		 */
		PipelineTrace start(Traced context, HttpServletRequest request, @Nullable ChildState childState);

	}

}
