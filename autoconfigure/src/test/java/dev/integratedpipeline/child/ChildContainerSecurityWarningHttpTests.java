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

package dev.integratedpipeline.child;

import org.apache.catalina.valves.RemoteAddrValve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;

import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.testapp.IdentityTestApplication;
import dev.integratedpipeline.testapp.TomcatSpecific;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that applies a valve of its own to requests from the network, in front of its
 * filters, which child requests do not pass: the application is told at startup.
 */
@TomcatSpecific("Tomcat's valves; Jetty's constraint mappings are named the same way")
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
		classes = { IdentityTestApplication.Plain.class, ChildContainerSecurityWarningHttpTests.WithValve.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildContainerSecurityWarningHttpTests {

	@Autowired
	private ServletChildRequestExecutor executor;

	@Test
	void whenTheServerHasAValveChildrenDoNotPassThenTheExecutorNamesIt() {
		assertThat(this.executor.containerSecurityNotApplied())
			.containsExactly("Tomcat valve " + RemoteAddrValve.class.getName());
	}

	@Test
	void whenTheServerHasAValveChildrenDoNotPassThenAWarningAtStartupSaysSo(CapturedOutput output) {
		assertThat(output).containsOnlyOnce("do not pass Tomcat valve " + RemoteAddrValve.class.getName())
			.contains("Protect those paths with Spring Security or a servlet filter");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class WithValve {

		@Bean
		TomcatContextCustomizer remoteAddrValve() {
			return (context) -> {
				RemoteAddrValve valve = new RemoteAddrValve();
				valve.setAllow(".*");
				context.getPipeline().addValve(valve);
			};
		}

	}

}
