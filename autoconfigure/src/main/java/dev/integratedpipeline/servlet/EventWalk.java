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

import dev.integratedpipeline.pipeline.RequestEvent;

/**
 * Where one request is in its walk through the pipeline's notifications, as IIS walks it:
 * the next notification to deliver and, within it, the next module to notify; the
 * notification and module being delivered; and one value for each of the two things that
 * change as the walk goes on: its {@link Phase} (walking, finished, ended) and what is
 * being delivered right now ({@link Delivery}).
 * <p>
 * Holds no behaviour of its own beyond the rules of the walk: the context that owns it
 * calls the modules and moves the walk on.
 *
 * @author Integrated Pipeline team
 */
final class EventWalk {

	// The next notification to deliver, and the next of its subscribers
	private int position;

	private int moduleIndex;

	// The notification being (or last) delivered, and the module being notified
	private int notification;

	private int notifiedModule = -1;

	private Delivery delivery = Delivery.NONE;

	// Set once the request can no longer be suspended: it failed, timed out or completed
	private boolean suspensionRefused;

	// Volatile: a child issued on another thread, with the parent link propagated there,
	// checks whether the request ended
	private volatile Phase phase = Phase.WALKING;

	/**
	 * Return the next notification to deliver.
	 * @return a notification index of {@link Notifications}
	 */
	int position() {
		return this.position;
	}

	/**
	 * Return the subscriber of the next notification to notify first: 0, unless a module
	 * answered {@code PENDING} in the middle of it.
	 * @return the index among the notification's subscribers
	 */
	int moduleIndex() {
		return this.moduleIndex;
	}

	/**
	 * The notification stopped after the subscriber at {@code index - 1}: it goes on from
	 * {@code index} once resumed.
	 * @param index the next subscriber
	 */
	void stopBefore(int index) {
		this.moduleIndex = index;
	}

	/**
	 * The module that answered {@code PENDING} finished the request once its work
	 * completed: the rest of its notification's subscribers are not notified.
	 */
	void skipRestOfNotification() {
		this.moduleIndex = Integer.MAX_VALUE;
	}

	/**
	 * The notification at the current position was delivered to all its subscribers (or
	 * skipped): the walk goes on with the next one.
	 */
	void passed() {
		this.moduleIndex = 0;
		this.position++;
	}

	/**
	 * Skip whatever is left before {@code LOG_REQUEST}, which a finished or failed
	 * request still receives.
	 */
	void skipToLogRequest() {
		this.moduleIndex = 0;
		this.position = Notifications.LOG_REQUEST;
	}

	/**
	 * Return the notification being (or last) delivered.
	 * @return a notification index of {@link Notifications}
	 */
	int notification() {
		return this.notification;
	}

	RequestEvent currentEvent() {
		return Notifications.event(Math.min(this.notification, Notifications.COUNT - 1));
	}

	boolean isPostEvent() {
		return Notifications.isPost(this.notification);
	}

	/**
	 * Start delivering a notification of the walk to its subscribers, which may answer
	 * {@code PENDING} unless the request can no longer be suspended.
	 * @param notification the notification
	 */
	void startDelivery(int notification) {
		this.notification = notification;
		startDelivery();
	}

	/**
	 * Start delivering the completion of a module's pending work, which may answer
	 * {@code PENDING} again unless the request can no longer be suspended.
	 * @param notification the notification the module answered {@code PENDING} to
	 * @param module the module
	 */
	void startCompletion(int notification, int module) {
		this.notification = notification;
		this.notifiedModule = module;
		startDelivery();
	}

	private void startDelivery() {
		this.delivery = this.suspensionRefused ? Delivery.NOTIFYING : Delivery.NOTIFYING_MAY_PEND;
	}

	void endDelivery() {
		this.delivery = Delivery.NONE;
	}

	/**
	 * A module is notified (the current notification stays the walk's).
	 * @param module the module
	 */
	void notifying(int module) {
		this.notifiedModule = module;
	}

	/**
	 * Return the module being notified, or the last one.
	 * @return the module index, or {@code -1} when none was notified yet
	 */
	int notifiedModule() {
		return this.notifiedModule;
	}

	Delivery delivery() {
		return this.delivery;
	}

	/**
	 * Start delivering a notification that cannot suspend the request, possibly from
	 * within another notification.
	 * @param module the module notified
	 */
	void startOther(int module) {
		this.notifiedModule = module;
		this.delivery = Delivery.NOTIFYING;
	}

	/**
	 * Return to the delivery that a notification started by {@link #startOther}
	 * interrupted.
	 * @param delivery what was delivered before
	 * @param module the module that was notified before
	 */
	void endOther(Delivery delivery, int module) {
		this.delivery = delivery;
		this.notifiedModule = module;
	}

	/**
	 * Return whether a module is being notified.
	 * @return whether a module is being notified
	 */
	boolean isNotifying() {
		return this.delivery != Delivery.NONE;
	}

	/**
	 * Return whether the module being notified may answer {@code PENDING}.
	 * @return whether the current notification may suspend the request
	 */
	boolean mayPend() {
		return this.delivery == Delivery.NOTIFYING_MAY_PEND;
	}

	/**
	 * The request can no longer be suspended (it failed, timed out or completed): no
	 * module may answer {@code PENDING} from the next notification on.
	 */
	void refuseSuspension() {
		this.suspensionRefused = true;
	}

	boolean isSuspensionRefused() {
		return this.suspensionRefused;
	}

	/**
	 * Finish the request: what is left before {@code LOG_REQUEST} is skipped.
	 */
	void finish() {
		if (this.phase == Phase.WALKING) {
			this.phase = Phase.FINISHED;
		}
	}

	/**
	 * Return whether what is left before {@code LOG_REQUEST} is skipped.
	 * @return whether the request is finished or ended
	 */
	boolean isFinished() {
		return this.phase != Phase.WALKING;
	}

	/**
	 * {@code END_REQUEST} was delivered: nothing more happens to the request.
	 */
	void end() {
		this.phase = Phase.ENDED;
	}

	boolean isEnded() {
		return this.phase == Phase.ENDED;
	}

	/**
	 * Where a request is in its walk through the pipeline, as IIS has it: each request
	 * goes from {@code WALKING} to {@code ENDED}, through {@code FINISHED} when a module
	 * finished it or it failed.
	 */
	enum Phase {

		/**
		 * The notifications are delivered in order, as the hooks reach them.
		 */
		WALKING,

		/**
		 * A module finished the request ({@code FINISH_REQUEST}, or a filter that
		 * answered it), or it failed: what is left before {@code LOG_REQUEST} is skipped.
		 */
		FINISHED,

		/**
		 * {@code END_REQUEST} was delivered, the children were released: nothing more
		 * happens to the request.
		 */
		ENDED

	}

	/**
	 * What is being delivered right now: what a module may do from within its
	 * notification depends on it.
	 */
	enum Delivery {

		/**
		 * No module is being notified.
		 */
		NONE,

		/**
		 * A module is being notified of something it cannot answer {@code PENDING} to:
		 * {@code onMapPath}, {@code onReadEntity}, {@code onSendResponse},
		 * {@code onCustomRequestNotification}, or any notification once the request can
		 * no longer be suspended.
		 */
		NOTIFYING,

		/**
		 * A module is being notified of an event of the walk (or of the completion of its
		 * pending work) and may answer {@code PENDING}.
		 */
		NOTIFYING_MAY_PEND

	}

}
