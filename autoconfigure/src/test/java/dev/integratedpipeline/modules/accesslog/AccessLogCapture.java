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

package dev.integratedpipeline.modules.accesslog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * Collects the messages of the access logger while a test runs.
 */
final class AccessLogCapture extends AppenderBase<ILoggingEvent> {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	static AccessLogCapture attach() {
		AccessLogCapture capture = new AccessLogCapture();
		capture.setName("access-log-capture");
		capture.start();
		logger().addAppender(capture);
		return capture;
	}

	void stopCapture() {
		logger().detachAppender(this);
		stop();
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(AccessLogModule.LOGGER_NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.lines.add(event.getFormattedMessage());
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * Wait for the lines that contain a text: a request is logged at LOG_REQUEST, which
	 * may run after its client got the response.
	 */
	List<String> await(String text, int count) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.lines.stream().filter((line) -> line.contains(text)).toList(),
					(found) -> found.size() >= count);
	}

}
