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

package dev.integratedpipeline.child;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.integratedpipeline.child.ChildRequestException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestPath}: a path split once, and the path Tomcat maps for it.
 */
class RequestPathTests {

	@ParameterizedTest
	@CsvSource({ "/a/b, /a/b", "/private;x=1/hello, /private/hello", "/a;x=1/b;y=2, /a/b", "/a/b;jsessionid=1, /a/b",
			"/;x=1, /", "/a?x=1;y, /a", "/a%3Bb, /a;b", "/caf%C3%A9, /café", "/100%25, /100%", "/a//b, /a/b",
			"/a/./b, /a/b", "/a/../b, /b", "/a/b/.., /a/", "/a/;x/b, /a/b", "/a+b, /a+b" })
	void whenPathIsGivenThenTheContainersPathIsReturned(String path, String expected) {
		assertThat(RequestPath.of(path).decodedPath()).isEqualTo(expected);
	}

	@Test
	void whenPathClimbsAboveTheRootThenItIsRefused() {
		assertThatExceptionOfType(ChildRequestException.class)
			.isThrownBy(() -> RequestPath.of("/a/../../b").decodedPath())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETER));
	}

	@Test
	void whenPathHasAQueryThenPathAndQueryAreSplitAtTheFirstQuestionMark() {
		RequestPath path = RequestPath.of("/a;x=1/b?c=1&d=?");
		assertThat(path.path()).isEqualTo("/a;x=1/b");
		assertThat(path.query()).isEqualTo("c=1&d=?");
		assertThat(path.value()).isEqualTo("/a;x=1/b?c=1&d=?");
	}

	@Test
	void whenPathHasNoQueryThenQueryIsNullAndPathIsTheValue() {
		RequestPath path = RequestPath.of("/a/b");
		assertThat(path.query()).isNull();
		assertThat(path.path()).isSameAs(path.value());
	}

	@Test
	void whenPathEndsWithAQuestionMarkThenQueryIsEmpty() {
		assertThat(RequestPath.of("/a?").query()).isEmpty();
	}

	@Test
	void whenQueryIsAddedToAPathWithoutOneThenItIsKeptBesideTheDecodedPath() {
		RequestPath path = RequestPath.of("/err%6Fr").withQueryIfAbsent("a=1");
		assertThat(path.value()).isEqualTo("/err%6Fr?a=1");
		assertThat(path.query()).isEqualTo("a=1");
		assertThat(path.decodedPath()).isEqualTo("/error");
	}

	@Test
	void whenQueryIsAddedToAPathWithOneThenThePathsOwnQueryIsKept() {
		RequestPath path = RequestPath.of("/error?b=2");
		assertThat(path.withQueryIfAbsent("a=1")).isSameAs(path);
	}

	@Test
	void whenTwoPathsHaveTheSameValueThenTheyAreEqual() {
		assertThat(RequestPath.of("/a?b=1")).isEqualTo(RequestPath.of("/a?b=1"))
			.hasSameHashCodeAs(RequestPath.of("/a?b=1"))
			.isNotEqualTo(RequestPath.of("/a?b=2"));
	}

	@Test
	void whenChildRequestIsBuiltThenItsPathIsSplitOnce() {
		ChildRequest request = ChildRequest.get("/%70rivate;x=1/hello?a=1").build();
		assertThat(request.requestPath().path()).isEqualTo("/%70rivate;x=1/hello");
		assertThat(request.requestPath().query()).isEqualTo("a=1");
		assertThat(request.requestPath().decodedPath()).isEqualTo("/private/hello");
		assertThat(request.path()).isEqualTo("/%70rivate;x=1/hello?a=1");
	}

}
