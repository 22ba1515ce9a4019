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

package dev.integratedpipeline.modules.outputcache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one spelling of a path that its output cache entries and evictions use.
 */
class OutputCacheCanonicalPathTests {

	@Test
	void whenAPathHasNoEscapeThenItIsKeptAsIs() {
		assertThat(OutputCacheStore.canonicalPath("/api/news/1;v=2")).isEqualTo("/api/news/1;v=2");
	}

	@Test
	void whenAnEscapeDecodesToAnOrdinaryCharacterThenThePathIsSpelledWithTheCharacter() {
		assertThat(OutputCacheStore.canonicalPath("/api/news/%31")).isEqualTo("/api/news/1");
		assertThat(OutputCacheStore.canonicalPath("/api/%6eews/")).isEqualTo("/api/news/");
	}

	@Test
	void whenAnEscapeDecodesToASeparatorThenItStaysEscapedInOneSpelling() {
		assertThat(OutputCacheStore.canonicalPath("/a%2fb")).isEqualTo("/a%2Fb");
		assertThat(OutputCacheStore.canonicalPath("/a%3Bb")).isEqualTo("/a%3Bb");
		assertThat(OutputCacheStore.canonicalPath("/100%25")).isEqualTo("/100%25");
	}

	@Test
	void whenASegmentHasPathParametersThenEachIsDecodedApart() {
		assertThat(OutputCacheStore.canonicalPath("/cars;color=%72ed/x")).isEqualTo("/cars;color=red/x");
	}

	@Test
	void whenAnEscapeIsMalformedThenThePathIsKeptAsReceived() {
		assertThat(OutputCacheStore.canonicalPath("/a%zz")).isEqualTo("/a%zz");
	}

}
