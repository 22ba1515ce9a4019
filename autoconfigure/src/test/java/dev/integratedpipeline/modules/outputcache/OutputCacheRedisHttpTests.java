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

package dev.integratedpipeline.modules.outputcache;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.core.io.ClassPathResource;

import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application share a real Redis (Debian's {@code redis-server},
 * started here on a free loopback port) through Spring Data Redis's
 * {@link RedisCacheManager}: the output cache is how an application scales past one
 * machine.
 */
class OutputCacheRedisHttpTests {

	private static final String INSTALL = "Needs redis-server on the PATH: apt-get install redis-server "
			+ "(listed in .ci/packages, installed by .ci/run)";

	private static Process redis;

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private static CacheClient first;

	private static CacheClient second;

	@BeforeAll
	static void startRedisAndTwoInstances() throws Exception {
		String server = redisServer();
		Assumptions.assumeTrue(server != null, INSTALL);
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		redis = new ProcessBuilder(server, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		int redisPort = port;
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> accepts(redisPort));
		first = new CacheClient(start(redisPort));
		second = new CacheClient(start(redisPort));
	}

	private static String redisServer() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(directory, "redis-server");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int start(int redisPort) throws IOException {
		Properties policies = PropertiesLoaderUtils
			.loadProperties(new ClassPathResource("output-cache-test.properties"));
		List<String> properties = new ArrayList<>();
		policies.forEach((name, value) -> properties.add(name + "=" + value));
		properties.add("server.port=0");
		properties.add("test.redis.port=" + redisPort);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OutputCacheTestApplication.class,
				RedisConfiguration.class)
			.properties(properties.toArray(String[]::new))
			.run();
		instances.add(context);
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		instances.forEach(ConfigurableApplicationContext::close);
		instances.clear();
		if (redis != null) {
			redis.destroy();
		}
	}

	@Test
	void whenOneInstanceStoresAResponseThenItIsAHitOnTheOther() {
		String path = "/c/news?t=" + HttpTestClient.newTestId();
		storedByFirst(() -> first.get(path));
		assertThat(second.get(path).headers().firstValue("Age")).isPresent();
		assertThat(OutputCacheTestApplication.calls(path)).isEqualTo(1);
	}

	@Test
	void whenOneInstanceEvictsAPathThenTheOtherMisses() {
		String path = "/c/news?t=" + HttpTestClient.newTestId();
		storedByFirst(() -> first.get(path));
		assertThat(second.get(path).headers().firstValue("Age")).isPresent();
		assertThat(second.send("POST", "/c/news").statusCode()).isEqualTo(200);
		assertThat(first.get(path).headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(path)).isEqualTo(2);
	}

	@Test
	void whenOneInstanceEvictsATagThenTheOtherMisses() {
		String path = "/c/tagged?t=" + HttpTestClient.newTestId();
		storedByFirst(() -> first.get(path));
		instances.get(0).getBean(OutputCache.class).evictTag("news");
		assertThat(second.get(path).headers().firstValue("Age")).isEmpty();
		assertThat(OutputCacheTestApplication.calls(path)).isEqualTo(2);
	}

	/**
	 * A response is stored right after it was sent: wait for the first instance to have
	 * stored it before asking the second.
	 */
	private static void storedByFirst(Runnable request) {
		Counter stores = instances.get(0)
			.getBean(MeterRegistry.class)
			.counter("integrated.pipeline.output.cache", "result", "store");
		double before = stores.count();
		request.run();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stores.count() > before);
	}

	@Test
	void whenTheStoreIsRedisThenTheOutputCacheUsesTheRedisCache() {
		assertThat(instances.get(1).getBean(OutputCacheStore.class).cache())
			.isSameAs(instances.get(1).getBean(CacheManager.class).getCache("integrated-pipeline-output"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(Environment environment) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1",
					environment.getRequiredProperty("test.redis.port", Integer.class)));
		}

		@Bean
		RedisCacheManager cacheManager(RedisConnectionFactory connectionFactory) {
			return RedisCacheManager.builder(connectionFactory)
				.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(5)))
				.build();
		}

	}

}
