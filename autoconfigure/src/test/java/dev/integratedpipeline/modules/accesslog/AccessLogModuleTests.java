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

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the access log module writes when it is created, and how it refuses fields it does
 * not know.
 */
class AccessLogModuleTests {

	private AccessLogCapture capture;

	@BeforeEach
	void captureLog() {
		this.capture = AccessLogCapture.attach();
	}

	@AfterEach
	void stopCapture() {
		this.capture.stopCapture();
	}

	@Test
	void whenTheModuleIsCreatedThenItWritesTheDirectives() {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T23:59:58Z"), ZoneOffset.ofHours(5));
		new AccessLogModule("date time cs-method sc-status", false,
				LoggerFactory.getLogger(AccessLogModule.LOGGER_NAME), clock);
		assertThat(this.capture.lines()).containsExactly("#Software: Integrated Pipeline for Spring Boot",
				"#Version: 1.0", "#Date: 2026-12-01 23:59:58", "#Fields: date time cs-method sc-status");
	}

	@Test
	void whenAFieldIsUnknownThenTheModuleIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AccessLogModule("date cs-bogus", false))
			.withMessageContaining("'cs-bogus'");
	}

	@Test
	void whenAValueIsAbsentOrEmptyThenItIsADash() {
		StringBuilder builder = new StringBuilder();
		AccessLogModule.append(builder, null);
		builder.append(' ');
		AccessLogModule.append(builder, "");
		assertThat(builder).hasToString("- -");
	}

	@Test
	void whenAValueHasSpacesAndControlCharactersThenTheyAreEscaped() {
		StringBuilder builder = new StringBuilder();
		AccessLogModule.append(builder, "a b\r\nc\u0000\u007f\u0085é");
		assertThat(builder).hasToString("a+b%0D%0Ac%00%7F%85é");
	}

}
