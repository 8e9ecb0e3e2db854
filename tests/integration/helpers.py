import time

DEFAULT_PASSWORD = "correct-horse-battery"


def wait_for(predicate, timeout: float = 30, interval: float = 0.25):
    """Poll `predicate` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"gave up after {timeout} s waiting for {getattr(predicate, '__name__', predicate)}")


def login(page, live_server, username: str, password: str = DEFAULT_PASSWORD):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
