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

import org.junit.jupiter.api.Test;

import dev.integratedpipeline.pipeline.RequestEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventWalk}.
 *
 * @author Integrated Pipeline team
 */
class EventWalkTests {

	private final EventWalk walk = new EventWalk();

	@Test
	void whenCreatedThenItWaitsForBeginRequestWithNobodyNotified() {
		assertThat(this.walk.position()).isZero();
		assertThat(this.walk.currentEvent()).isEqualTo(RequestEvent.BEGIN_REQUEST);
		assertThat(this.walk.isNotifying()).isFalse();
		assertThat(this.walk.isFinished()).isFalse();
	}

	@Test
	void whenANotificationIsPassedThenTheWalkGoesOnWithTheFirstModuleOfTheNext() {
		this.walk.stopBefore(2);
		this.walk.passed();
		assertThat(this.walk.position()).isOne();
		assertThat(this.walk.moduleIndex()).isZero();
	}

	@Test
	void whenDeliveringAnEventOfTheWalkThenTheModuleMayAnswerPending() {
		this.walk.startDelivery(Notifications.AUTHENTICATE_REQUEST);
		assertThat(this.walk.mayPend()).isTrue();
		assertThat(this.walk.currentEvent()).isEqualTo(RequestEvent.AUTHENTICATE_REQUEST);
	}

	@Test
	void whenSuspensionIsRefusedThenAnEventOfTheWalkCannotBePending() {
		this.walk.refuseSuspension();
		this.walk.startDelivery(Notifications.LOG_REQUEST);
		assertThat(this.walk.isNotifying()).isTrue();
		assertThat(this.walk.mayPend()).isFalse();
	}

	@Test
	void whenAnotherNotificationEndsThenTheInterruptedDeliveryIsBack() {
		this.walk.startDelivery(Notifications.EXECUTE_REQUEST_HANDLER);
		this.walk.notifying(1);
		EventWalk.Delivery delivery = this.walk.delivery();
		this.walk.startOther(3);
		assertThat(this.walk.mayPend()).isFalse();
		assertThat(this.walk.notifiedModule()).isEqualTo(3);
		this.walk.endOther(delivery, 1);
		assertThat(this.walk.mayPend()).isTrue();
		assertThat(this.walk.notifiedModule()).isOne();
	}

	@Test
	void whenFinishedThenTheWalkStaysFinishedUntilItEnds() {
		this.walk.finish();
		this.walk.finish();
		assertThat(this.walk.isFinished()).isTrue();
		assertThat(this.walk.isEnded()).isFalse();
		this.walk.end();
		assertThat(this.walk.isEnded()).isTrue();
		assertThat(this.walk.isFinished()).isTrue();
	}

	@Test
	void whenSkippedToLogRequestThenItIsNext() {
		this.walk.stopBefore(1);
		this.walk.skipToLogRequest();
		assertThat(this.walk.position()).isEqualTo(Notifications.LOG_REQUEST);
		assertThat(this.walk.moduleIndex()).isZero();
	}

}
