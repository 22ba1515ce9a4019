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

package dev.integratedpipeline.servlet.container.mockmvc;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

/**
 * Lets the {@link ServletChildRequestExecutor} run child requests in a test without a
 * server where MockMvc is auto-configured ({@code @WebMvcTest}, or
 * {@code @AutoConfigureMockMvc} with a mock environment): through the filters MockMvc
 * uses, then a {@link DispatcherServlet} over the same application context. Once every
 * singleton exists, and only when no server gave the executor its container: with a
 * running server, children keep running through the server.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class MockMvcChildRequestSupport implements SmartInitializingSingleton {

	private final ObjectProvider<ServletChildRequestExecutor> executor;

	private final ObjectProvider<MockMvc> mockMvc;

	private final WebApplicationContext context;

	private final DispatcherServlet servlet;

	/**
	 * Create the support.
	 * @param executor the executor, if the application uses this one
	 * @param mockMvc the auto-configured MockMvc
	 * @param context the application context
	 * @param servlet the (uninitialized) servlet children are dispatched to, configured
	 * as MockMvc's; initialized with the first child
	 */
	public MockMvcChildRequestSupport(ObjectProvider<ServletChildRequestExecutor> executor,
			ObjectProvider<MockMvc> mockMvc, WebApplicationContext context, DispatcherServlet servlet) {
		Assert.notNull(executor, "'executor' must not be null");
		Assert.notNull(mockMvc, "'mockMvc' must not be null");
		Assert.notNull(context, "'context' must not be null");
		Assert.notNull(servlet, "'servlet' must not be null");
		this.executor = executor;
		this.mockMvc = mockMvc;
		this.context = context;
		this.servlet = servlet;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.executor.ifUnique((executor) -> {
			if (!executor.hasContainer()) {
				this.mockMvc.ifUnique((mockMvc) -> executor
					.useContainer(new MockMvcServletContainer(mockMvc, this.context, this.servlet)));
			}
		});
	}

}
