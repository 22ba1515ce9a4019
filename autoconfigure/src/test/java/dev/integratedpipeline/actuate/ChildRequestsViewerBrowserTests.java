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

package dev.integratedpipeline.actuate;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.Color;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trace viewer in a real browser: headless Chromium, driven by Selenium, against the
 * running application, asserting what a person sees.
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestsViewerBrowserTests {

	private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

	private static final String VIEWER = "/actuator/childrequests/viewer/index.html";

	private static ChromeDriverService service;

	private static WebDriver browser;

	private static Path profile;

	@LocalServerPort
	private int port;

	private HttpTestClient http;

	@BeforeAll
	static void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium is not installed: the trace viewer's browser tests are skipped. "
						+ "Install it with: apt-get update && apt-get install -y chromium chromium-driver "
						+ "(.ci/run installs the packages listed in .ci/packages)");
		profile = Files.createTempDirectory("viewer-chromium-");
		// Both paths given, so Selenium Manager never looks for (or downloads) a driver
		service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (service != null) {
			service.stop();
		}
		if (profile != null) {
			FileSystemUtils.deleteRecursively(profile);
		}
	}

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void whenATraceIsOpenedThenEveryNodeIsABarNestedByDepthInSpawnOrder() throws IOException {
		Map<String, Object> trace = newWaterfallTrace();
		List<Map<String, Object>> nodes = flatten(trace, new ArrayList<>());
		open(trace);
		List<WebElement> rows = browser.findElements(By.cssSelector("#waterfall .bar-row"));
		assertThat(browser.findElements(By.cssSelector("#waterfall .bar"))).hasSize(nodes.size());
		assertThat(rows).extracting((row) -> row.getDomAttribute("data-id"))
			.containsExactlyElementsOf(nodes.stream().map((node) -> (String) node.get("id")).toList());
		assertThat(rows).extracting((row) -> Integer.parseInt(row.getDomAttribute("data-depth")))
			.containsExactly(0, 1, 1, 1, 1, 2, 1, 2);
		assertThat(indent(rows.get(5))).isGreaterThan(indent(rows.get(4))).isGreaterThan(indent(rows.get(0)));
		screenshot("childrequests-viewer.png");
	}

	@Test
	void whenATraceIsOpenedThenBarsAreColouredByStatusAndMarked() throws IOException {
		open(newWaterfallTrace());
		assertThat(colour(bar("/typed/missing"))).isEqualTo("#ef6c00");
		assertThat(colour(bar("/typed/boom"))).isEqualTo("#c62828");
		assertThat(colour(bar("/release/forget"))).isEqualTo("#2e7d32");
		assertThat(marks(row("/typed/missing"))).contains("async");
		assertThat(marks(row("/typed/boom"))).contains("failed");
		assertThat(marks(rowStartingWith("/trace/gate?"))).contains("cancelled");
		assertThat(marks(row("/hello"))).contains("released automatically");
	}

	@Test
	void whenABarIsClickedThenItsNotificationsAreShownAsATableAndAsTicks() throws IOException {
		Map<String, Object> trace = newWaterfallTrace();
		Map<String, Object> failed = flatten(trace, new ArrayList<>()).stream()
			.filter((node) -> "/typed/boom".equals(node.get("path")))
			.findFirst()
			.orElseThrow();
		int notifications = ((List<?>) failed.get("timeline")).size();
		open(trace);
		bar("/typed/boom").click();
		WebElement table = wait(By.cssSelector("#details #timeline"));
		assertThat(table.isDisplayed()).isTrue();
		assertThat(notifications).isPositive();
		assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(notifications);
		assertThat(table.findElement(By.cssSelector("tbody tr td")).getText()).isEqualTo("BEGIN_REQUEST");
		assertThat(bar("/typed/boom").findElements(By.cssSelector(".tick"))).hasSize(notifications);
		assertThat(browser.findElement(By.id("details")).getText()).contains("IllegalStateException");
	}

	@Test
	void whenAPathHoldsMarkupThenItIsShownAsText() throws IOException {
		open(newWaterfallTrace());
		assertThat(browser.findElements(By.cssSelector("#waterfall b, #trace-list b"))).isEmpty();
		assertThat(row("/hello/<b>injected<b>").findElement(By.cssSelector(".request")).getText())
			.isEqualTo("GET /hello/<b>injected<b>");
	}

	@Test
	void whenFilteredThenTheListShowsOnlyMatchingTraces() throws IOException {
		this.http.get("/trace/fail-after-child");
		open(newWaterfallTrace());
		WebElement path = browser.findElement(By.id("filter-path"));
		path.sendKeys("waterfall");
		assertThat(listedPaths()).isNotEmpty().allSatisfy((listed) -> assertThat(listed).contains("waterfall"));
		path.clear();
		path.sendKeys("fail-after");
		browser.findElement(By.id("filter-errors")).click();
		assertThat(listedStatuses()).isNotEmpty()
			.allSatisfy((status) -> assertThat(status).isGreaterThanOrEqualTo(400));
		path.clear();
		path.sendKeys("waterfall");
		assertThat(listedPaths()).isEmpty();
		browser.findElement(By.id("filter-errors")).click();
	}

	@Test
	void whenRefreshIsOnThenNewTracesAppearWithoutReloading() throws IOException {
		open(newWaterfallTrace());
		int listed = browser.findElements(By.cssSelector("#trace-list tbody tr")).size();
		browser.findElement(By.id("refresh")).click();
		this.http.get("/trace/waterfall");
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until((driver) -> driver.findElements(By.cssSelector("#trace-list tbody tr")).size() > listed);
		browser.findElement(By.id("refresh")).click();
	}

	private Map<String, Object> newWaterfallTrace() throws IOException {
		assertThat(this.http.get("/trace/waterfall").body()).isEqualTo("waterfall");
		String json = this.http.get("/actuator/childrequests").body();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> traces = (List<Map<String, Object>>) JsonMapper.builder()
			.build()
			.readValue(json, Map.class)
			.get("traces");
		return traces.stream()
			.filter((trace) -> "/trace/waterfall".equals(trace.get("path")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> flatten(Map<String, Object> node, List<Map<String, Object>> nodes) {
		nodes.add(node);
		for (Object child : (List<Object>) node.get("children")) {
			flatten((Map<String, Object>) child, nodes);
		}
		return nodes;
	}

	private void open(Map<String, Object> trace) {
		browser.get("http://localhost:" + this.port + VIEWER + "#" + trace.get("id"));
		browser.navigate().refresh();
		wait(By.cssSelector("#waterfall .bar-row"));
	}

	private static WebElement wait(By by) {
		return new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	private static WebElement row(String path) {
		return browser.findElements(By.cssSelector("#waterfall .bar-row"))
			.stream()
			.filter((row) -> row.findElement(By.cssSelector(".bar-label .request")).getText().equals("GET " + path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No bar for " + path));
	}

	private static WebElement rowStartingWith(String path) {
		return browser.findElements(By.cssSelector("#waterfall .bar-row"))
			.stream()
			.filter((row) -> row.findElement(By.cssSelector(".bar-label .request"))
				.getDomProperty("textContent")
				.startsWith("GET " + path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No bar for " + path));
	}

	private static WebElement bar(String path) {
		return row(path).findElement(By.cssSelector(".bar"));
	}

	private static String colour(WebElement bar) {
		return Color.fromString(bar.getCssValue("background-color")).asHex();
	}

	private static List<String> marks(WebElement row) {
		return row.findElements(By.cssSelector(".mark")).stream().map(WebElement::getText).toList();
	}

	private static int indent(WebElement row) {
		return Integer
			.parseInt(row.findElement(By.cssSelector(".bar-label")).getCssValue("padding-left").replace("px", ""));
	}

	private static List<String> listedPaths() {
		return browser.findElements(By.cssSelector("#trace-list tbody tr td.path"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static List<Integer> listedStatuses() {
		return browser.findElements(By.cssSelector("#trace-list tbody tr td.status"))
			.stream()
			.map((cell) -> Integer.parseInt(cell.getText()))
			.toList();
	}

	private static void screenshot(String name) throws IOException {
		File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
		Path target = Paths.get("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
