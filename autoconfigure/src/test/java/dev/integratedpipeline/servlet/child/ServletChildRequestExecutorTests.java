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

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletMapping;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.integratedpipeline.autoconfigure.IntegratedPipelineAutoConfiguration;
import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.servlet.ChildrenProbe;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ServletChildRequestExecutor} on a stub container, for what a real one
 * cannot be made to do on demand.
 *
 * @author Integrated Pipeline team
 */
class ServletChildRequestExecutorTests {

	private static final Executor REFUSING = (task) -> {
		throw new RejectedExecutionException("The pool is full");
	};

	private @Nullable ServletChildRequestExecutor executor;

	private final List<Runnable> queued = new ArrayList<>();

	@AfterEach
	void destroy() {
		RequestContextHolder.resetRequestAttributes();
		if (this.executor != null) {
			this.executor.destroy();
		}
	}

	@Test
	void whenAsyncChildRunsThenItUsesTheSessionItsParentHadWhenItWasIssued() throws Exception {
		MockHttpServletRequest parent = parentRequest();
		MockHttpSession issuedWith = new MockHttpSession(parent.getServletContext());
		parent.setSession(issuedWith);
		CompletableFuture<ChildResponse> future = executor(this.queued::add)
			.executeAsync(ChildRequest.get("/session").build());
		// By the time the child runs, the parent's request may be another one's
		parent.setSession(new MockHttpSession(parent.getServletContext()));
		this.queued.forEach(Runnable::run);
		assertThat(future.get().contentAsString()).isEqualTo(issuedWith.getId());
	}

	@Test
	void whenAsyncChildOfARequestWithoutContextCompletesThenTheRequestNoLongerHoldsIt() throws Exception {
		MockHttpServletRequest parent = parentRequest();
		CompletableFuture<ChildResponse> future = executor(this.queued::add)
			.executeAsync(ChildRequest.get("/sync").build());
		assertThat(ChildrenProbe.tracked(parent)).isOne();
		this.queued.forEach(Runnable::run);
		assertThat(future.get().contentAsString()).isEqualTo("ok");
		assertThat(ChildrenProbe.tracked(parent)).isZero();
	}

	@Test
	void whenRequestWithoutContextEndsThenItsAsyncChildIsCancelled() {
		MockHttpServletRequest parent = parentRequest();
		CompletableFuture<ChildResponse> future = executor(this.queued::add)
			.executeAsync(ChildRequest.get("/sync").build());
		ChildrenProbe.dispatchEnded(parent);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.havingCause()
			.isInstanceOfSatisfying(ChildRequestException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.CANCELLED));
	}

	private MockHttpServletRequest parentRequest() {
		MockHttpServletRequest parent = new MockHttpServletRequest("GET", "/parent");
		parent.setHttpServletMapping(new MockHttpServletMapping("parent", "/", "app", MappingMatch.DEFAULT));
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(parent));
		return parent;
	}

	@Test
	void whenMaxBufferedBytesIsBeyondWhatAnArrayHoldsThenTheExecutorIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ServletChildRequestExecutor(10, 3L * 1024 * 1024 * 1024, Duration.ofSeconds(1),
					Runnable::run))
			.withMessageContaining("integrated-pipeline.child.max-buffered-bytes must be at most 2147483639");
	}

	@Test
	void whenMaxBufferedBytesIsBeyondWhatAnArrayHoldsThenTheApplicationDoesNotStart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegratedPipelineAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.withPropertyValues("integrated-pipeline.child.max-buffered-bytes=4GB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("integrated-pipeline.child.max-buffered-bytes")
				.hasMessageContaining("just under 2GB"));
	}

	@Test
	void whenTheExecutorRefusesTheAsyncDispatchThenTheChildFails() {
		ServletChildRequestExecutor executor = executor(REFUSING);
		assertThatExceptionOfType(ChildRequestException.class)
			.isThrownBy(() -> executor.execute(ChildRequest.get("/async").build()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FAILED))
			.withCauseInstanceOf(RejectedExecutionException.class);
	}

	@Test
	void whenTheExecutorRefusesAnAsyncChildThenItsFutureFailsWithFailed() {
		CompletableFuture<ChildResponse> future = executor(REFUSING).executeAsync(ChildRequest.get("/sync").build());
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get)
			.havingCause()
			.isInstanceOfSatisfying(ChildRequestException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.FAILED));
	}

	private ServletChildRequestExecutor executor(Executor taskExecutor) {
		ServletChildRequestExecutor executor = new ServletChildRequestExecutor(10, 1024, Duration.ofSeconds(10),
				taskExecutor);
		executor.useContainer(new StubContainer());
		this.executor = executor;
		return executor;
	}

	/**
	 * One servlet for every path: {@code /async} goes asynchronous and dispatches again
	 * at once, anything else answers {@code ok}.
	 */
	private static final class StubContainer implements ServletContainer {

		private final MockServletContext servletContext = new MockServletContext() {

			@Override
			public Map<String, ? extends ServletRegistration> getServletRegistrations() {
				return Map.of("app", registration());
			}

		};

		private static ServletRegistration registration() {
			return (ServletRegistration) Proxy.newProxyInstance(ServletChildRequestExecutorTests.class.getClassLoader(),
					new Class<?>[] { ServletRegistration.class },
					(proxy, method, arguments) -> switch (method.getName()) {
						case "getName" -> "app";
						case "getMappings" -> List.of("/");
						default -> null;
					});
		}

		@Override
		public ServletContext servletContext() {
			return this.servletContext;
		}

		@Override
		public void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping,
				String path, DispatcherType type) throws IOException {
			if (type == DispatcherType.REQUEST && path.equals("/async")) {
				request.startAsync().dispatch();
				return;
			}
			if (path.equals("/session")) {
				HttpSession session = request.getSession(false);
				response.getWriter().write((session != null) ? session.getId() : "no session");
				return;
			}
			response.getWriter().write("ok");
		}

		@Override
		public @Nullable String errorPage(int status, @Nullable Throwable failure) {
			return null;
		}

		@Override
		public HttpSession createSession() {
			return new MockHttpSession(this.servletContext);
		}

	}

}
