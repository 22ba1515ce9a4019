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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.servlet.container.mockmvc.MockMvcChildRequestSupport;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of child requests in tests without a server where MockMvc is
 * auto-configured: imported by {@code @AutoConfigureMockMvc}, and so by
 * {@code @WebMvcTest}, as Spring Boot's own test auto-configurations are (from
 * {@code META-INF/spring/org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc.imports}).
 * Children then run through MockMvc's filters, and so through the pipeline's modules and
 * events, then a {@code DispatcherServlet} over the test's application context.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.webmvc.test.autoconfigure.MockMvcAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(MockMvc.class)
@ConditionalOnBean(ServletChildRequestExecutor.class)
public final class MockMvcChildRequestAutoConfiguration {

	@Bean
	MockMvcChildRequestSupport mockMvcChildRequestSupport(ObjectProvider<ServletChildRequestExecutor> executor,
			ObjectProvider<MockMvc> mockMvc, WebApplicationContext context,
			ObjectProvider<WebMvcProperties> webMvcProperties) {
		DispatcherServlet servlet = new DispatcherServlet(context);
		// Configured as Boot configures MockMvc's own servlet
		webMvcProperties.ifAvailable((properties) -> {
			servlet.setDispatchOptionsRequest(properties.isDispatchOptionsRequest());
			servlet.setDispatchTraceRequest(properties.isDispatchTraceRequest());
			servlet.setEnableLoggingRequestDetails(properties.isLogRequestDetails());
		});
		return new MockMvcChildRequestSupport(executor, mockMvc, context, servlet);
	}

}
