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

package dev.integratedpipeline.servlet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The shared HTTP session as a child request that does not authenticate itself sees it:
 * every attribute is the session's, except the one that holds the user (Spring Security's
 * security context), which shows the child's own identity. What the child writes under
 * that name stays with the child, so that a child never changes who the session's user
 * is, and a session's user never becomes the child's.
 *
 * @author Integrated Pipeline team
 */
final class ChildSessionView implements HttpSession {

	private final HttpSession session;

	private final String name;

	private @Nullable Object value;

	private ChildSessionView(HttpSession session, String name, @Nullable Object value) {
		this.session = session;
		this.name = name;
		this.value = value;
	}

	/**
	 * Give a child the sessions of {@code sessions} with one attribute of its own.
	 * @param sessions the child's sessions, asked with whether to create one
	 * @param name the attribute name
	 * @param value what the child sees under it
	 * @return the child's sessions
	 */
	static Function<Boolean, @Nullable HttpSession> of(Function<Boolean, @Nullable HttpSession> sessions, String name,
			Object value) {
		Object[] own = { value };
		ChildSessionView[] view = { null };
		return (create) -> {
			HttpSession session = sessions.apply(create);
			if (session == null) {
				return null;
			}
			synchronized (view) {
				if (view[0] == null || view[0].session != session) {
					// The child's identity outlives an invalidated session, as its
					// request
					// attribute does
					view[0] = new ChildSessionView(session, name, (view[0] != null) ? view[0].value : own[0]);
				}
				return view[0];
			}
		};
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		return this.name.equals(name) ? this.value : this.session.getAttribute(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		List<String> names = new ArrayList<>();
		for (Enumeration<String> all = this.session.getAttributeNames(); all.hasMoreElements();) {
			String next = all.nextElement();
			if (!this.name.equals(next)) {
				names.add(next);
			}
		}
		if (this.value != null) {
			names.add(this.name);
		}
		return Collections.enumeration(names);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		if (this.name.equals(name)) {
			this.value = value;
		}
		else {
			this.session.setAttribute(name, value);
		}
	}

	@Override
	public void removeAttribute(String name) {
		if (this.name.equals(name)) {
			this.value = null;
		}
		else {
			this.session.removeAttribute(name);
		}
	}

	@Override
	public long getCreationTime() {
		return this.session.getCreationTime();
	}

	@Override
	public String getId() {
		return this.session.getId();
	}

	@Override
	public long getLastAccessedTime() {
		return this.session.getLastAccessedTime();
	}

	@Override
	public ServletContext getServletContext() {
		return this.session.getServletContext();
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		this.session.setMaxInactiveInterval(interval);
	}

	@Override
	public int getMaxInactiveInterval() {
		return this.session.getMaxInactiveInterval();
	}

	@Override
	public void invalidate() {
		this.session.invalidate();
	}

	@Override
	public boolean isNew() {
		return this.session.isNew();
	}

	@Override
	public String toString() {
		return "ChildSessionView[" + this.session.getId() + "]";
	}

}
