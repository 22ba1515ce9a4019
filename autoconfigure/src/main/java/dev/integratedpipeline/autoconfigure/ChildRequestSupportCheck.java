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
package dev.integratedpipeline.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

/**
 * Warns once, when the application's web server has started, if that server cannot run
 * child requests: the pipeline works there, child requests do not.
 *
 * @author Integrated Pipeline team
 */
final class ChildRequestSupportCheck implements ApplicationListener<ServletWebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(ChildRequestSupportCheck.class);

	/**
	 * The servlet containers that run child requests, as the warning names them.
	 */
	static final String SUPPORTED_CONTAINERS = "embedded Tomcat (Spring Boot's default) or embedded Jetty";

	private final ApplicationContext context;

	private final ObjectProvider<ServletChildRequestExecutor> executor;

	ChildRequestSupportCheck(ApplicationContext context, ObjectProvider<ServletChildRequestExecutor> executor) {
		this.context = context;
		this.executor = executor;
	}

	@Override
	public void onApplicationEvent(ServletWebServerInitializedEvent event) {
		// The management server's event reaches this context too: only its own counts
		if (event.getApplicationContext() != this.context) {
			return;
		}
		ServletChildRequestExecutor executor = this.executor.getIfAvailable();
		if (executor != null && !executor.isContainerAvailable()) {
			logger.warn(message(event.getWebServer().getClass().getSimpleName()));
		}
		if (executor != null) {
			for (String notApplied : executor.containerSecurityNotApplied()) {
				logger.warn(securityMessage(notApplied));
			}
		}
	}

	static String securityMessage(String notApplied) {
		return "Child requests (batch items, custom error pages, rewrites among them) do not pass " + notApplied
				+ ", which the server applies to requests from the network in front of its filters: a child "
				+ "reaches what it protects. Protect those paths with Spring Security or a servlet filter, which "
				+ "child requests pass.";
	}

	static String message(String server) {
		return "Child requests are not supported on this web server (" + server + "); they need " + SUPPORTED_CONTAINERS
				+ ". What works: every request passes the integrated pipeline, and every "
				+ "PipelineModule is notified of its events. What does not: ChildRequestExecutor and "
				+ "PipelineContext.executeRequest fail with NOT_SUPPORTED.";
	}

}
