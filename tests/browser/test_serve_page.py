#!/usr/bin/python3
"""tests/browser/test_serve_page.py: the live page of `cssim serve` in a real
headless Chromium (Debian's chromium-driver, driven by python3-selenium).

Starts `cssim serve` on port 0, opens the URL it prints, waits for #p-viable,
drags the churn control with the mouse, waits for #p-viable to change, opens
"Save as…" and waits for its diff to name churn.mean (second screenshot), checks the browser logged no
console error, and saves a screenshot.

Usage: test_serve_page.py CSSIM_EXE SOURCE_DIR SCREENSHOT.png
Run by ctest (tests/CMakeLists.txt) when chromedriver and selenium exist."""
import os
import signal
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main():
    exe, source, screenshot = sys.argv[1], sys.argv[2], sys.argv[3]
    plan = os.path.join(source, "plans", "greater-east-midlands.json")
    scenarios = os.path.join(source, "scenarios")
    server = subprocess.Popen([exe, "serve", plan, "--scenarios", scenarios, "--trials", "100000", "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    driver = None
    try:
        line = server.stdout.readline().strip()
        assert line.startswith("cssim serve: http://127.0.0.1:"), line
        url = line.split(": ", 1)[1]
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1300"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.get(url)
        wait = WebDriverWait(driver, 30)
        p_viable = driver.find_element(By.ID, "p-viable")
        wait.until(lambda d: p_viable.text.endswith("%"))
        wait.until(lambda d: d.find_element(By.ID, "trials").text.startswith("100,000"))
        before = p_viable.text
        assert "token" not in driver.current_url, "the token stays out of the address bar"

        churn = driver.find_element(By.CSS_SELECTOR, 'input[data-path="churn.mean"]')
        label = driver.find_element(By.CSS_SELECTOR, 'label[for="%s"]' % churn.get_attribute("id"))
        assert "churn" in label.text, label.text
        width = churn.size["width"]
        ActionChains(driver).click_and_hold(churn).move_by_offset(width // 8, 0).move_by_offset(width // 8, 0) \
            .release().perform()
        wait.until(lambda d: p_viable.text != before and d.find_element(By.ID, "trials").text.startswith("100,000"))
        after = p_viable.text
        assert float(churn.get_attribute("value")) > 0.02, churn.get_attribute("value")
        for name in ("turnover", "margin", "reserve", "final_reserve"):
            src = driver.find_element(By.ID, "svg-" + name).get_attribute("src")
            assert src.startswith("data:image/svg+xml"), name
        driver.save_screenshot(screenshot)
        # "Save as…" shows the diff (a dry run) before anything is written.
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "churn.mean" in d.find_element(By.ID, "save-diff").text)
        assert "Write" in driver.find_element(By.ID, "save-result").text
        driver.save_screenshot(screenshot.replace(".png", "-save.png"))
        time.sleep(0.5)
        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
        assert not errors, errors
        print("P(viable) %s -> %s after moving churn to %s; screenshot %s"
              % (before, after, churn.get_attribute("value"), screenshot))
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


if __name__ == "__main__":
    main()
