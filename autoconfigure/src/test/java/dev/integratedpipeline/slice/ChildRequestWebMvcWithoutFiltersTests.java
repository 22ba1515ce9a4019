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

package dev.integratedpipeline.slice;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.ContextConfiguration;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildRequestExecutor;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A slice whose MockMvc has no filters: a child would run without the pipeline and
 * without security, so it is refused with a message that says why.
 */
@WebMvcTest(ChildRequestWebMvcTests.PageController.class)
@AutoConfigureMockMvc(addFilters = false)
@ContextConfiguration(classes = ChildRequestWebMvcTests.SliceApplication.class)
class ChildRequestWebMvcWithoutFiltersTests {

	@Autowired
	private ChildRequestExecutor children;

	@Test
	void whenMockMvcHasNoFiltersThenAChildFailsWithAMessageThatSaysSo() {
		assertThatExceptionOfType(ChildRequestException.class)
			.isThrownBy(() -> this.children.execute(ChildRequest.get("/part/forecast").build()))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.reason()).isEqualTo(Reason.NOT_SUPPORTED))
			.withMessageContaining("addFilters = false");
	}

}
