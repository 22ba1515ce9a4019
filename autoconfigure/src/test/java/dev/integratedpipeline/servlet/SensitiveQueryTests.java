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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SensitiveQuery}.
 *
 * @author Integrated Pipeline team
 */
class SensitiveQueryTests {

	private final SensitiveQuery query = SensitiveQuery.DEFAULT;

	@Test
	void whenAPathHasNoQueryThenItIsUnchanged() {
		assertThat(this.query.mask("/login")).isEqualTo("/login");
	}

	@Test
	void whenAQueryHasSensitiveParametersThenOnlyTheirValuesAreMasked() {
		assertThat(this.query.mask("/login?user=ada&password=s3cret&next=/home&token=t"))
			.isEqualTo("/login?user=ada&password=******&next=/home&token=******");
	}

	@Test
	void whenANameDiffersInCaseOrIsEncodedThenItsValueIsMaskedStill() {
		assertThat(this.query.mask("/x?Password=a&API_KEY=b&access%5Ftoken=c&pass+word=d"))
			.isEqualTo("/x?Password=******&API_KEY=******&access%5Ftoken=******&pass+word=d");
	}

	@Test
	void whenASensitiveParameterIsRepeatedOrEmptyThenEachValueIsMasked() {
		assertThat(this.query.mask("/x?secret=a&secret=&secret")).isEqualTo("/x?secret=******&secret=******&secret");
	}

	@Test
	void whenTheNamesAreConfiguredThenOnlyThoseAreMasked() {
		assertThat(new SensitiveQuery(List.of("pin")).mask("/x?pin=1234&password=p"))
			.isEqualTo("/x?pin=******&password=p");
	}

	@Test
	void whenNoNamesAreConfiguredThenNothingIsMasked() {
		assertThat(new SensitiveQuery(List.of()).mask("/x?password=p")).isEqualTo("/x?password=p");
	}

}
