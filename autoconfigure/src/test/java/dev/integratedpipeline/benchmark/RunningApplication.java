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

package dev.integratedpipeline.benchmark;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.catalina.Context;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * A running {@link BenchmarkApplication} on an ephemeral port, started with its own
 * properties only: {@code application.properties} of the tests is not read.
 * <p>
 * Micrometer observations are off unless {@link #OBSERVED} is given: with an
 * {@code ObservationRegistry} (the actuator is on the test class path), Boot adds its
 * observation filter and Spring Security observes each of its filters, which would
 * dominate every figure and hide what the benchmarks compare.
 */
final class RunningApplication implements AutoCloseable {

	/**
	 * The property that keeps Boot's auto-configured Micrometer observations.
	 */
	static final String OBSERVED = "spring.autoconfigure.exclude=";

	private static final String OBSERVATIONS = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

	private static final Map<String, Object> DEFAULTS = Map.of("server.port", "0", "spring.config.name",
			"benchmark-none", "spring.main.log-startup-info", "false", "logging.level.root", "WARN");

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start the application.
	 * @param properties {@code name=value} pairs
	 * @return the running application
	 */
	static RunningApplication start(String... properties) {
		return start(Container.fromSystemProperties(), properties);
	}

	/**
	 * Start the application on a container.
	 * @param container the servlet container
	 * @param properties {@code name=value} pairs
	 * @return the running application
	 */
	static RunningApplication start(Container container, String... properties) {
		SpringApplication application = new SpringApplication(BenchmarkApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		Map<String, Object> defaults = new HashMap<>(DEFAULTS);
		boolean observed = Arrays.asList(properties).contains(OBSERVED);
		// Both containers are on the benchmark class path: the other one is left out
		defaults.put("spring.autoconfigure.exclude",
				observed ? container.otherServer : OBSERVATIONS + "," + container.otherServer);
		application.setDefaultProperties(defaults);
		String[] args = Arrays.stream(properties)
			.filter((property) -> !property.equals(OBSERVED))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		return new RunningApplication(application.run(args));
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	ChildRequestExecutor childRequestExecutor() {
		return bean(ChildRequestExecutor.class);
	}

	/**
	 * Return embedded Tomcat's context of the application, which holds its filter chain.
	 * @return the Tomcat context
	 */
	Context tomcatContext() {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) this.context).getWebServer();
		return (Context) server.getTomcat().getHost().findChildren()[0];
	}

	/**
	 * Return embedded Jetty's servlet context of the application, which holds its filter
	 * mappings.
	 * @return the Jetty context
	 */
	ServletContextHandler jettyContext() {
		JettyWebServer server = (JettyWebServer) ((WebServerApplicationContext) this.context).getWebServer();
		return server.getServer().getDescendant(ServletContextHandler.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The servlet containers the application can run on: Tomcat unless
	 * {@code -Dbenchmark.container=jetty}.
	 */
	enum Container {

		TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"),

		JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration");

		private final String otherServer;

		Container(String otherServer) {
			this.otherServer = otherServer;
		}

		static Container of(String name) {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}

		static Container fromSystemProperties() {
			return of(System.getProperty("benchmark.container", "tomcat"));
		}

	}

}
