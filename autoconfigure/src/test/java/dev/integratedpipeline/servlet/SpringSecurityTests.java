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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpringSecurity}.
 *
 * @author Integrated Pipeline team
 */
class SpringSecurityTests {

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void whenAThreadCapturesAndRestoresItsContextChildAfterChildThenItsContextStaysReadable() {
		// A pool thread runs child after child, each capturing and restoring the thread's
		// context: 200,000 of them once overflowed the stack when the context was read
		for (int i = 0; i < 200_000; i++) {
			SpringSecurity.restore(SpringSecurity.captureAndClear());
		}
		assertThat(SecurityContextHolder.getContextHolderStrategy().getDeferredContext().get()).isNotNull();
	}

	@Test
	void whenAContextIsCapturedAndRestoredThenTheThreadHasTheSameUserAgain() {
		SecurityContextHolder.setContext(
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of())));
		Object captured = SpringSecurity.captureAndClear();
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		SpringSecurity.restore(captured);
		assertThat(SecurityContextHolder.getContext().getAuthentication().getName()).isEqualTo("alice");
	}

}
