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

import java.io.IOException;
import java.lang.reflect.Field;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.servlet.container.ServletContainer;
import dev.integratedpipeline.servlet.container.ServletMapper;
import dev.integratedpipeline.servlet.container.ServletMapping;

/**
 * The container of a test without a server, where MockMvc is auto-configured: a child
 * runs through the filters MockMvc was built with (the same instances, with their URL
 * patterns and dispatcher types), then a {@link DispatcherServlet} over the same
 * application context as MockMvc's. Not MockMvc's own servlet: that one records into the
 * {@code MvcResult} of a request MockMvc performs, which a child is not, and cannot
 * follow a request that is not a {@code MockHttpServletRequest} into asynchronous
 * processing. There are no error pages (MockMvc registers none) and every path maps to
 * that servlet.
 *
 * @author Integrated Pipeline team
 */
final class MockMvcServletContainer implements ServletContainer {

	/**
	 * The name of the child's servlet: that of MockMvc's requests, so that a child of a
	 * MockMvc request is served by its parent's servlet.
	 */
	private static final String SERVLET_NAME = "";

	private final Filter[] filters;

	private final WebApplicationContext context;

	private final DispatcherServlet servlet;

	private volatile boolean initialized;

	MockMvcServletContainer(MockMvc mockMvc, WebApplicationContext context, DispatcherServlet servlet) {
		this.filters = filters(mockMvc);
		this.context = context;
		this.servlet = servlet;
	}

	private static Filter[] filters(MockMvc mockMvc) {
		Field field = ReflectionUtils.findField(MockMvc.class, "filters", Filter[].class);
		if (field == null) {
			throw new IllegalStateException("Cannot read the filters of " + mockMvc
					+ ": this version of Spring's MockMvc is not supported for child requests");
		}
		ReflectionUtils.makeAccessible(field);
		Filter[] filters = (Filter[]) ReflectionUtils.getField(field, mockMvc);
		return (filters != null) ? filters.clone() : new Filter[0];
	}

	@Override
	public ServletContext servletContext() {
		ServletContext servletContext = this.context.getServletContext();
		if (servletContext == null) {
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"Child requests need a web application context with a servlet context");
		}
		return servletContext;
	}

	@Override
	public void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping, String path,
			DispatcherType type) throws IOException, ServletException {
		initialize();
		new MockFilterChain(this.servlet, this.filters).doFilter(request, response);
	}

	private void initialize() throws ServletException {
		if (!this.initialized) {
			synchronized (this) {
				if (!this.initialized) {
					this.servlet.init(new MockServletConfig(servletContext(), "childRequestDispatcherServlet"));
					this.initialized = true;
				}
			}
		}
	}

	/**
	 * Map every path to the child's servlet, once MockMvc has filters: asked for before a
	 * child runs, so that a child that cannot run fails before it starts.
	 */
	@Override
	public ServletMapper mapper() {
		if (this.filters.length == 0) {
			// Without PipelineFilter a child would run no module, no event, and no
			// security: refused rather than run differently from a real server
			throw new ChildRequestException(Reason.NOT_SUPPORTED,
					"MockMvc was built without filters (@AutoConfigureMockMvc(addFilters = false)): "
							+ "child requests need the pipeline's filters, and Spring Security's; "
							+ "add them to run children in this test");
		}
		return ServletMapper.defaultServlet(SERVLET_NAME);
	}

	@Override
	public @Nullable String errorPage(int status, @Nullable Throwable failure) {
		// MockMvc registers no error pages: a failed child keeps its raw status
		return null;
	}

	@Override
	public HttpSession createSession() {
		return new MockHttpSession(servletContext());
	}

}
