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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
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

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.boot.webmvc.test.autoconfigure.SpringBootMockMvcBuilderCustomizer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.DefaultMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.WebApplicationContext;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.servlet.container.jetty.JettyFilterChains;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The cost of one request to the small JSON controller of the
 * {@link BenchmarkApplication}, through the same filters (Spring Security, two ordinary
 * filters, the integrated pipeline with three modules) and {@code DispatcherServlet},
 * seven ways:
 * <ul>
 * <li>{@link #childRequest()}: {@link ChildRequestExecutor#execute} on the benchmark
 * thread, with no parent request;</li>
 * <li>{@link #loopbackHttp()}: what applications do today, an HTTP call to themselves
 * over loopback with {@code RestClient} on the JDK {@code HttpClient} (HTTP/1.1,
 * keep-alive), server-side allocations included in the GC profiler's figures;</li>
 * <li>{@link #loopbackRawSocket()}: the same call with the cheapest client possible
 * ({@link LoopbackConnection}: prepared bytes on a keep-alive socket), the floor of any
 * loopback call;</li>
 * <li>{@link #requestDispatcherInclude()}: {@code RequestDispatcher.include} from inside
 * a live request held open by the application (see {@link LiveRequest}), capturing the
 * content with a {@code ContentCachingResponseWrapper}; an include skips the pipeline and
 * every filter not mapped to {@code INCLUDE} (Spring Security is);</li>
 * <li>{@link #mockMvc()}: {@code MockMvc} over the application context with the
 * application's filters, as {@code @AutoConfigureMockMvc(print = NONE)} builds it;</li>
 * <li>{@link #floor()}: the container's own filter chain for the path (Tomcat's, or on
 * Jetty its filter mappings), built as the executor builds it, and the
 * {@code DispatcherServlet}, called directly with the lightest request and response that
 * pass ({@link FloorRequest}, {@link FloorResponse}); the cost a child request cannot go
 * below; {@link #floorConcurrentAttributes()} the same with the child's thread-safe map
 * of attributes.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 4, time = 2)
public class ChildRequestBenchmark {

	static final String PATH = BenchmarkController.JSON_PATH;

	private static final String DISPATCHER_SERVLET = "dispatcherServlet";

	/**
	 * Whether Boot's Micrometer observations are on ({@code on}: Boot's observation
	 * filter, Spring Security's observed filters and the child request observation); off
	 * unless asked with {@code -p observability=off,on}.
	 */
	@Param({ "off" })
	public String observability = "off";

	/**
	 * The servlet container: embedded Tomcat unless asked with
	 * {@code -p container=tomcat,jetty}; on Jetty, the floor is Jetty's filter mappings
	 * built into a chain as the executor builds it.
	 */
	@Param({ "tomcat" })
	public String container = "tomcat";

	private RunningApplication application;

	private ChildRequestExecutor executor;

	private ChildRequest childRequest;

	private HttpClient httpClient;

	private RestClient restClient;

	private LoopbackConnection loopbackConnection;

	private LiveRequest liveRequest;

	private CompletableFuture<HttpResponse<String>> liveResponse;

	private MockMvc mockMvc;

	private ServletContext servletContext;

	private Wrapper dispatcherServletWrapper;

	private Servlet dispatcherServlet;

	private HttpServletMapping mapping;

	private ServletContextHandler jettyContext;

	@Setup
	public void start() throws Exception {
		RunningApplication.Container container = RunningApplication.Container.of(this.container);
		this.application = "on".equals(this.observability)
				? RunningApplication.start(container, RunningApplication.OBSERVED)
				: RunningApplication.start(container);
		this.executor = this.application.childRequestExecutor();
		this.childRequest = ChildRequest.get(PATH).build();
		this.httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		this.restClient = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(this.httpClient))
			.baseUrl("http://localhost:" + this.application.port())
			.build();
		this.loopbackConnection = new LoopbackConnection(this.application.port(), PATH);
		startLiveRequest();
		this.mockMvc = mockMvc(this.application);
		if (container == RunningApplication.Container.JETTY) {
			ServletContextHandler context = this.application.jettyContext();
			this.servletContext = context.getServletContext();
			this.jettyContext = context;
			// Initializes the servlet
			JettyFilterChains.of(context, DISPATCHER_SERVLET, PATH);
		}
		else {
			Context context = this.application.tomcatContext();
			this.servletContext = context.getServletContext();
			this.dispatcherServletWrapper = (Wrapper) context.findChild(DISPATCHER_SERVLET);
			this.dispatcherServlet = this.dispatcherServletWrapper.allocate();
		}
		this.mapping = FloorRequest.defaultServletMapping(DISPATCHER_SERVLET);
	}

	private void startLiveRequest() throws InterruptedException {
		this.liveRequest = this.application.bean(LiveRequest.class);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.application.port() + BenchmarkController.LIVE_PATH))
			.build();
		this.liveResponse = this.httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString());
		this.liveRequest.awaitHeld(Duration.ofSeconds(30));
	}

	private static MockMvc mockMvc(RunningApplication application) {
		WebApplicationContext context = (WebApplicationContext) application.context();
		DefaultMockMvcBuilder builder = MockMvcBuilders.webAppContextSetup(context);
		SpringBootMockMvcBuilderCustomizer customizer = new SpringBootMockMvcBuilderCustomizer(context);
		customizer.setPrint(MockMvcPrint.NONE);
		customizer.customize(builder);
		return builder.build();
	}

	RunningApplication application() {
		return this.application;
	}

	@TearDown
	public void stop() throws Exception {
		try {
			this.loopbackConnection.close();
			this.liveRequest.release();
			this.liveResponse.get(30, TimeUnit.SECONDS);
			if (this.dispatcherServletWrapper != null) {
				this.dispatcherServletWrapper.deallocate(this.dispatcherServlet);
			}
		}
		finally {
			this.application.close();
		}
	}

	@Benchmark
	public ChildResponse childRequest() {
		return this.executor.execute(this.childRequest);
	}

	@Benchmark
	public ResponseEntity<byte[]> loopbackHttp() {
		return this.restClient.get().uri(PATH).retrieve().toEntity(byte[].class);
	}

	@Benchmark
	public int loopbackRawSocket() throws Exception {
		return this.loopbackConnection.get();
	}

	@Benchmark
	public byte[] requestDispatcherInclude() throws Exception {
		return this.liveRequest.include(PATH);
	}

	@Benchmark
	public MockHttpServletResponse mockMvc() throws Exception {
		return this.mockMvc.perform(get(PATH)).andReturn().getResponse();
	}

	@Benchmark
	public FloorResponse floor() throws Exception {
		return floor(new FloorRequest(this.servletContext, PATH, this.mapping));
	}

	/**
	 * The floor with the child's attribute map: a {@code ConcurrentHashMap} sized as the
	 * child's, which an asynchronous child needs (its attributes are read and written
	 * from the container's thread and from the one completing it), as Tomcat's own
	 * request keeps them; the floor's {@code HashMap} is not safe there. The control that
	 * says how much of the child's time against the floor is that map.
	 * @return the response
	 * @throws Exception if the request fails
	 */
	@Benchmark
	public FloorResponse floorConcurrentAttributes() throws Exception {
		return floor(new FloorRequest(this.servletContext, PATH, this.mapping, new ConcurrentHashMap<>(32)));
	}

	private FloorResponse floor(FloorRequest request) throws Exception {
		FloorResponse response = new FloorResponse();
		if (this.jettyContext != null) {
			// As the executor does on Jetty: the chain built from its filter mappings
			JettyFilterChains.of(this.jettyContext, DISPATCHER_SERVLET, PATH).doFilter(request, response);
			return response;
		}
		// As the executor does: Tomcat reads the dispatcher type and path of a request
		// that is not its own from these attributes
		request.setAttribute(Globals.DISPATCHER_TYPE_ATTR, DispatcherType.REQUEST);
		request.setAttribute(Globals.DISPATCHER_REQUEST_PATH_ATTR, PATH);
		ApplicationFilterChain chain = ApplicationFilterFactory.createFilterChain(request,
				this.dispatcherServletWrapper, this.dispatcherServlet);
		chain.doFilter(request, response);
		return response;
	}

}
