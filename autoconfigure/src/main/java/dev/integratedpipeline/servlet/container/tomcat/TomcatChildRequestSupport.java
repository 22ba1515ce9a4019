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

package dev.integratedpipeline.servlet.container.tomcat;

import org.apache.catalina.Context;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.util.Assert;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

/**
 * Hands embedded Tomcat's context to the {@link ServletChildRequestExecutor}, so that
 * child requests run through Tomcat's own filter chain.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class TomcatChildRequestSupport implements TomcatContextCustomizer {

	private final ObjectProvider<ServletChildRequestExecutor> executor;

	/**
	 * Create the support for an executor.
	 * @param executor the executor, if the application uses this one
	 */
	public TomcatChildRequestSupport(ObjectProvider<ServletChildRequestExecutor> executor) {
		Assert.notNull(executor, "'executor' must not be null");
		this.executor = executor;
	}

	@Override
	public void customize(Context context) {
		this.executor.ifAvailable((executor) -> {
			executor.useContainer(new TomcatServletContainer(context));
			context.getPipeline().addValve(new TomcatServletContainer.ConnectorRequestValve());
		});
	}

}
