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

package dev.integratedpipeline.servlet.child;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ContainerPath}: the path Tomcat maps for a request URI.
 */
class ContainerPathTests {

	@ParameterizedTest
	@CsvSource({ "/a/b, /a/b", "/private;x=1/hello, /private/hello", "/a;x=1/b;y=2, /a/b", "/a/b;jsessionid=1, /a/b",
			"/;x=1, /", "/a?x=1;y, /a", "/a%3Bb, /a;b", "/caf%C3%A9, /café", "/100%25, /100%", "/a//b, /a/b",
			"/a/./b, /a/b", "/a/../b, /b", "/a/b/.., /a/", "/a/;x/b, /a/b", "/a+b, /a+b" })
	void whenPathIsGivenThenTheContainersPathIsReturned(String path, String expected) {
		assertThat(ContainerPath.of(path)).isEqualTo(expected);
	}

	@Test
	void whenPathClimbsAboveTheRootThenItIsRefused() {
		assertThatExceptionOfType(ChildRequestException.class).isThrownBy(() -> ContainerPath.of("/a/../../b"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETER));
	}

}
