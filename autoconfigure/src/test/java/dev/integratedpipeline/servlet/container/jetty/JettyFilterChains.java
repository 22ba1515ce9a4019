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

package dev.integratedpipeline.servlet.container.jetty;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;

/**
 * The filter chain a child request runs through on Jetty, built as
 * {@link JettyServletContainer} builds it, for the benchmarks' floor.
 *
 * @author Integrated Pipeline team
 */
public final class JettyFilterChains {

	private JettyFilterChains() {
	}

	/**
	 * Return the chain of a request to a path, for the {@code REQUEST} dispatcher type.
	 * @param context Jetty's servlet context
	 * @param servletName the servlet the path maps to
	 * @param path the path
	 * @return the chain, ending with the servlet, initialized
	 * @throws ServletException if the servlet fails to initialize
	 */
	public static FilterChain of(ServletContextHandler context, String servletName, String path)
			throws ServletException {
		ServletHolder holder = context.getServletHandler().getServlet(servletName);
		holder.getServlet();
		return JettyServletContainer.filterChain(context.getServletHandler(), holder, path, DispatcherType.REQUEST);
	}

}
