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

import java.util.concurrent.TimeUnit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import org.apache.catalina.Context;
import org.apache.catalina.Globals;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.ApplicationFilterChain;
import org.apache.catalina.core.ApplicationFilterFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the built-in modules cost and save, each request passing Tomcat's filter chain
 * (Spring Security included) in process, as {@link ChildRequestBenchmark#floor()} does:
 * <ul>
 * <li>{@code modules=cache}: the output cache on, for the paths under
 * {@value BenchmarkController#CACHED_PREFIX}. {@link #cachedJson()} is a hit on the JSON
 * path, {@link #floor()} the same JSON uncached; {@link #cachedWork()} a hit on a handler
 * that works about 200 µs, {@link #work()} that handler uncached.</li>
 * <li>{@code modules=filtering}: request filtering on with its default rules;
 * {@code modules=off}: no built-in module. {@link #floor()} with both says what filtering
 * adds.</li>
 * </ul>
 * The four benchmarks run for every value, the figures that the targets compare are those
 * named above.
 *
 * @author Integrated Pipeline team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class BuiltInModulesBenchmark {

	/**
	 * Which built-in modules are on: {@code off}, {@code filtering} or {@code cache}.
	 */
	@Param({ "off", "filtering", "cache" })
	public String modules = "off";

	private RunningApplication application;

	private ServletContext servletContext;

	private Wrapper dispatcherServletWrapper;

	private Servlet dispatcherServlet;

	private HttpServletMapping mapping;

	@Setup
	public void start() throws Exception {
		this.application = switch (this.modules) {
			case "filtering" -> RunningApplication.start("integrated-pipeline.request-filtering.enabled=true");
			case "cache" -> RunningApplication.start("integrated-pipeline.output-cache.enabled=true",
					"integrated-pipeline.output-cache.policies[0].path=" + BenchmarkController.CACHED_PREFIX + "/**");
			default -> RunningApplication.start();
		};
		Context context = this.application.tomcatContext();
		this.servletContext = context.getServletContext();
		this.dispatcherServletWrapper = (Wrapper) context.findChild("dispatcherServlet");
		this.dispatcherServlet = this.dispatcherServletWrapper.allocate();
		this.mapping = FloorRequest.defaultServletMapping(this.dispatcherServletWrapper.getName());
	}

	@TearDown
	public void stop() throws Exception {
		try {
			this.dispatcherServletWrapper.deallocate(this.dispatcherServlet);
		}
		finally {
			this.application.close();
		}
	}

	@Benchmark
	public FloorResponse floor() throws Exception {
		return request(BenchmarkController.JSON_PATH);
	}

	@Benchmark
	public FloorResponse cachedJson() throws Exception {
		return request(BenchmarkController.CACHED_PREFIX + "/json");
	}

	@Benchmark
	public FloorResponse work() throws Exception {
		return request(BenchmarkController.WORK_PATH);
	}

	@Benchmark
	public FloorResponse cachedWork() throws Exception {
		return request(BenchmarkController.CACHED_PREFIX + "/work");
	}

	FloorResponse request(String path) throws Exception {
		FloorRequest request = new FloorRequest(this.servletContext, path, this.mapping);
		FloorResponse response = new FloorResponse();
		request.setAttribute(Globals.DISPATCHER_TYPE_ATTR, DispatcherType.REQUEST);
		request.setAttribute(Globals.DISPATCHER_REQUEST_PATH_ATTR, path);
		ApplicationFilterChain chain = ApplicationFilterFactory.createFilterChain(request,
				this.dispatcherServletWrapper, this.dispatcherServlet);
		chain.doFilter(request, response);
		return response;
	}

}
