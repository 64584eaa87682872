#!/usr/bin/python3
"""Browser test of the workbench page (detente serve, src/serve/www).

Starts `detente serve` on a temporary copy of scenarios/ (plus
tests/browser/hostile.yaml), drives headless Chromium through Selenium
and checks, reading every value from the page's DOM:

  1. the page opens with the token, which leaves the address bar;
  2. Anchorage opens; the table, the scales and the results appear;
  3. dragging Russia's territory marker (pointer) changes its position,
     the forecast and the deal shown; arrow keys on the focused marker
     move it too and the results are recomputed;
  4. switching the aid_freeze lever on changes a result;
  5. a 2,000-draw sweep runs to the end (progress 100 %, distribution
     chart, influence ranking); a second one is cancelled;
  6. typing a value then Ctrl+Z brings the original back (Ctrl+Y redoes);
  7. an invalid value shows the server's error with line and column in
     the alert region (role="alert");
  8. Save as writes a new file (`detente validate` accepts it); after a
     reload the saved file opens with the edited value, and the compare
     view against anchorage-2025.yaml lists the changed input;
  9. the hostile scenario (every text is markup) shows its text as text;
 10. no console error (other than the deliberate 422 of step 7), no
     horizontal scrolling at 1280 px, every control labelled;
 11. a screenshot at 1280x800 goes to the build directory (and to
     docs/img/workbench.png when DT_UPDATE_SCREENSHOT=1 is set).

Usage: browser_test.py DETENTE SOURCE_DIR BUILD_DIR
Exit 0 ok, 1 failure, 77 (ctest skip) when Chromium, chromedriver or
python3-selenium is missing.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

SKIP = 77


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException,
                                            TimeoutException, WebDriverException)
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    skip("python3-selenium is not installed (apt-get install python3-selenium)")

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and os.path.exists(p)), None)
CHROMEDRIVER = next((p for p in ("/usr/bin/chromedriver", shutil.which("chromedriver") or "")
                     if p and os.path.exists(p)), None)
if not CHROMIUM:
    skip("chromium is not installed")
if not CHROMEDRIVER:
    skip("chromedriver is not installed (apt-get install chromium-driver)")

if len(sys.argv) != 4:
    print("usage: browser_test.py DETENTE SOURCE_DIR BUILD_DIR", file=sys.stderr)
    sys.exit(2)
DETENTE, SRC, BUILD = (os.path.abspath(a) for a in sys.argv[1:4])

# Generous waits: the ASan build runs this test too, several times slower.
WAIT = 90
SWEEP_WAIT = 280 if "asan" in BUILD.lower() else 180

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


def fatal(what):
    print("FAIL " + what, flush=True)
    raise SystemExit(1)


# ----- the server -----

tmp = tempfile.mkdtemp(prefix="detente-page-")
served = os.path.join(tmp, "scenarios")
shutil.copytree(os.path.join(SRC, "scenarios"), served)
shutil.copy(os.path.join(SRC, "tests", "browser", "hostile.yaml"), served)
shutil.copytree(os.path.join(SRC, "examples", "estimates"), os.path.join(served, "estimates"))
server_err = open(os.path.join(tmp, "serve.stderr"), "w+")
server = subprocess.Popen([DETENTE, "serve", served, "--port", "0"],
                          stdout=subprocess.PIPE, stderr=server_err, text=True)


def first_line(proc, timeout):
    end = time.time() + timeout
    buf = ""
    while time.time() < end:
        r, _, _ = select.select([proc.stdout], [], [], 0.5)
        if r:
            ch = proc.stdout.readline()
            if not ch:
                break
            buf += ch
            if buf.endswith("\n"):
                return buf.strip()
        if proc.poll() is not None:
            break
    return buf.strip()


line = first_line(server, 60)
url = next((w for w in line.split() if w.startswith("http://")), None)
if not url or "token=" not in url:
    server.kill()
    server_err.seek(0)
    print(server_err.read())
    fatal(f"no URL in the server's first line: {line!r}")
print("server:", line, flush=True)
base = url.split("/?")[0]

# ----- the browser -----

opts = Options()
opts.binary_location = CHROMIUM
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--window-size=1280,800", "--force-device-scale-factor=1",
          "--lang=en-US"):
    opts.add_argument(a)
opts.add_argument("--user-data-dir=" + os.path.join(tmp, "profile"))
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
try:
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
except WebDriverException as e:
    server.kill()
    skip(f"Chromium cannot start under chromedriver: {e.msg}")
driver.set_window_size(1280, 800)
# The viewport itself 1280x800 (the window size includes no chrome in
# headless mode on every version; the metrics override makes it sure).
driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                       {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
console = []


def drain_console():
    for entry in driver.get_log("browser"):
        console.append(entry)


def by_id(i):
    return driver.find_element(By.ID, i)


def text(i):
    return by_id(i).text.strip()


def wait_for(cond, what, timeout=WAIT):
    # The page re-renders lists and tables while it loads: an element
    # found a moment ago may be gone; polling again is the answer.
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                             ).until(lambda d: cond())
    except TimeoutException:
        fatal(f"timed out ({timeout} s) waiting for {what}")


def choose(select_id, value):
    """Selects `value` in a <select> the page may be re-rendering."""
    for attempt in range(20):
        try:
            Select(by_id(select_id)).select_by_value(value)
            return
        except (StaleElementReferenceException, NoSuchElementException):
            if attempt == 19:
                raise
            time.sleep(0.2)


def results_seq():
    r = by_id("results")
    return int(r.get_attribute("data-seq") or 0) if r.get_attribute("data-busy") == "false" else -1


def wait_results_after(seq, what):
    """Waits for a recompute that started after `seq` to finish."""
    wait_for(lambda: results_seq() > seq, what)
    return results_seq()


def result_values():
    """Every number of the forecast table, the zone and the stakeholders."""
    vals = {}
    for cell in driver.find_elements(By.CSS_SELECTOR, "#forecast-table td[id], #zone dd[id], #stakeholders td[id]"):
        vals[cell.get_attribute("id")] = cell.text.strip()
    return vals


def screenshot(name):
    path = os.path.join(BUILD, name)
    driver.save_screenshot(path)
    return path


status = 1
try:
    # 1. the token leaves the address bar
    driver.get(url)
    wait_for(lambda: any(o.get_attribute("value") == "anchorage-2025.yaml"
                         for o in by_id("scenario-select").find_elements(By.TAG_NAME, "option")),
             "the scenario list")
    check("token=" not in driver.current_url, "the token is removed from the address bar")

    # 2. open Anchorage
    choose("scenario-select", "anchorage-2025.yaml")
    by_id("open-btn").click()
    wait_for(lambda: driver.find_elements(By.ID, "deal-territory") and results_seq() >= 1,
             "Anchorage's results")
    seq = results_seq()
    check(len(driver.find_elements(By.CSS_SELECTOR, "#scenario-table tbody tr")) == 6, "six actor rows")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#scales .scale-row")) == 5, "five scales")
    check(by_id("f-russia-territory-position").get_attribute("value") == "100", "Russia's territory position is 100")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#scenario-table details.note")) > 50, "notes shown beside the values")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#positions-chart img.chart-img"), "the positions chart")
    before = result_values()
    check(before.get("fc-territory-eu") not in (None, "", "–"), f"eu forecast on territory shown ({before.get('fc-territory-eu')})")
    check(before.get("deal-territory") not in (None, ""), f"deal on territory shown ({before.get('deal-territory')})")

    # 3a. drag Russia's territory marker to the left (pointer events)
    marker = by_id("m-russia-territory")
    check(marker.get_attribute("role") == "slider" and marker.get_attribute("aria-valuenow") == "100",
          "the marker is a slider at 100")
    track_w = marker.find_element(By.XPATH, "..").size["width"]
    step = -int(track_w * 0.2)
    ActionChains(driver).click_and_hold(marker).pause(0.1).move_by_offset(step, 0).pause(0.1) \
        .move_by_offset(step, 0).pause(0.1).release().perform()
    seq = wait_results_after(seq, "the results after the drag")
    dragged = float(by_id("f-russia-territory-position").get_attribute("value"))
    check(50 <= dragged <= 70, f"the drag moved Russia's position to {dragged} (table field follows)")
    check(marker.get_attribute("aria-valuenow") == by_id("f-russia-territory-position").get_attribute("value"),
          "aria-valuenow follows the value")
    after = result_values()
    check(after.get("fc-territory-eu") != before.get("fc-territory-eu") or
          after.get("fc-territory-mean") != before.get("fc-territory-mean"),
          f"the territory forecast changed (eu {before.get('fc-territory-eu')} -> {after.get('fc-territory-eu')}, "
          f"mean {before.get('fc-territory-mean')} -> {after.get('fc-territory-mean')})")
    check(after.get("deal-territory") != before.get("deal-territory"),
          f"the deal on territory changed ({before.get('deal-territory')} -> {after.get('deal-territory')})")
    check(by_id("dirty-indicator").is_displayed(), "the dirty indicator shows")

    # 3b. arrow keys on the focused marker
    driver.execute_script("arguments[0].focus()", marker)
    check(driver.switch_to.active_element == marker, "the marker takes the focus")
    marker.send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT)
    marker.send_keys(Keys.PAGE_DOWN)
    seq = wait_results_after(seq, "the results after the arrow keys")
    moved = float(marker.get_attribute("aria-valuenow"))
    check(abs(moved - (dragged - 13)) < 1e-9, f"arrows and Page Down moved the marker by -13 ({dragged} -> {moved})")
    check(float(by_id("f-russia-territory-position").get_attribute("value")) == moved, "the table field follows the keys")
    edited_position = moved
    before_lever = result_values()

    # 4. the aid-freeze lever
    box = by_id("lever-aid_freeze")
    check(not box.is_selected(), "aid_freeze starts switched off")
    box.click()
    seq = wait_results_after(seq, "the results with aid_freeze applied")
    with_lever = result_values()
    changed = sorted(k for k in with_lever if with_lever[k] != before_lever.get(k))
    check(bool(changed), f"aid_freeze changes results: {', '.join(changed[:6])}")
    check(by_id("lever-aid_freeze").is_selected(), "the lever stays switched on")
    by_id("lever-aid_freeze").click()
    seq = wait_results_after(seq, "the results with aid_freeze off again")
    check(result_values() == before_lever, "switching it off brings the results back")

    # 5. sweeps: one to the end, one cancelled
    draws = by_id("sweep-draws")
    draws.clear()
    draws.send_keys("2000")
    by_id("sweep-seed").clear()
    by_id("sweep-seed").send_keys("1")
    by_id("sweep-start").click()
    wait_for(lambda: text("sweep-state") in ("done", "error", "cancelled"), "the sweep to end", SWEEP_WAIT)
    check(text("sweep-state") == "done", f"the sweep ends done ({text('sweep-state')})")
    check(by_id("sweep-progress").get_attribute("value") == "100", "progress reaches 100")
    check(text("sweep-percent").startswith("100 %"), f"progress text: {text('sweep-percent')}")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#sweep-chart img.chart-img"), "the distribution chart")
    check(bool(driver.find_elements(By.CSS_SELECTOR, "#sweep-influence .influence-list li")), "the influence ranking")
    check("2000 draws" in text("sweep-stats") or "2000" in by_id("sweep-stats").text, "the sweep summary table")

    draws.clear()
    draws.send_keys("100000")
    by_id("sweep-start").click()
    wait_for(lambda: text("sweep-state") == "running", "the second sweep to run")
    wait_for(lambda: by_id("sweep-cancel").is_enabled(), "the cancel button")
    by_id("sweep-cancel").click()
    wait_for(lambda: text("sweep-state") != "running", "the cancel")
    check(text("sweep-state") == "cancelled", f"the second sweep is cancelled ({text('sweep-state')})")
    check(by_id("sweep-start").is_enabled(), "a new sweep can start")

    # 6. undo / redo of a typed edit
    sal = by_id("f-usa-territory-salience")
    original = sal.get_attribute("value")
    sal.clear()
    sal.send_keys("65")
    seq = wait_results_after(seq, "the results after typing")
    check(sal.get_attribute("value") == "65", "typed 65")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL).perform()
    seq = wait_results_after(seq, "the results after Ctrl+Z")
    check(by_id("f-usa-territory-salience").get_attribute("value") == original,
          f"Ctrl+Z brings the original back ({original})")
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("y").key_up(Keys.CONTROL).perform()
    seq = wait_results_after(seq, "the results after Ctrl+Y")
    check(by_id("f-usa-territory-salience").get_attribute("value") == "65", "Ctrl+Y redoes it")
    by_id("undo-btn").click()
    seq = wait_results_after(seq, "the results after the Undo button")
    check(by_id("f-usa-territory-salience").get_attribute("value") == original, "the Undo button undoes it")
    check(by_id("f-russia-territory-position").get_attribute("value") == f"{edited_position:g}",
          "the marker edit is still there")

    # 7. an invalid value: the server's error, with line and column
    drain_console()
    n_console = len(console)
    sal = by_id("f-usa-territory-salience")
    sal.clear()
    sal.send_keys("150")
    wait_for(lambda: "line" in text("alert"), "the alert with a line number")
    alert_text = text("alert")
    check(by_id("alert").get_attribute("role") == "alert", "the error is in a role=alert region")
    check("column" in alert_text and "salience" in alert_text, f"alert: {alert_text.splitlines()[:3]}")
    by_id("undo-btn").click()
    wait_for(lambda: text("alert") == "" and by_id("f-usa-territory-salience").get_attribute("value") == original,
             "the error to clear after undo")
    seq = results_seq()
    drain_console()
    expected_errors = console[n_console:]
    del console[n_console:]
    console.extend(e for e in expected_errors if "422" not in e["message"])

    # 8. save as, validate, reload, open, compare
    screenshot("workbench-before-save.png")
    by_id("save-as-btn").click()
    wait_for(lambda: by_id("save-dialog").is_displayed(), "the save dialog")
    p = by_id("save-path")
    p.clear()
    p.send_keys("anchorage-edited.yaml", Keys.ENTER)
    wait_for(lambda: "Saved anchorage-edited.yaml" in text("status"), "the save")
    check(not by_id("dirty-indicator").is_displayed(), "the dirty indicator clears")
    saved = os.path.join(served, "anchorage-edited.yaml")
    check(os.path.exists(saved), "the file exists")
    v = subprocess.run([DETENTE, "validate", saved], capture_output=True, text=True)
    check(v.returncode == 0, f"detente validate accepts the saved file (exit {v.returncode}) {v.stderr.strip()[:200]}")

    driver.refresh()
    wait_for(lambda: any(o.get_attribute("value") == "anchorage-edited.yaml"
                         for o in by_id("scenario-select").find_elements(By.TAG_NAME, "option")),
             "the list after the reload (token kept in sessionStorage)")
    choose("scenario-select", "anchorage-edited.yaml")
    by_id("open-btn").click()
    wait_for(lambda: driver.find_elements(By.ID, "deal-territory") and results_seq() >= 1,
             "the saved file's results")
    got = float(by_id("f-russia-territory-position").get_attribute("value"))
    check(got == edited_position, f"the saved file holds the edited position ({got})")
    check(by_id("f-usa-territory-salience").get_attribute("value") == original, "and the undone edit is not in it")
    check(bool(driver.find_elements(By.CSS_SELECTOR, "#f-russia-territory-position ~ details.note")),
          "the note of the edited value is kept")
    seq = results_seq()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#positions-chart img.chart-img"), "the positions chart")
    shot = screenshot("workbench.png")
    if os.environ.get("DT_UPDATE_SCREENSHOT") == "1":
        os.makedirs(os.path.join(SRC, "docs", "img"), exist_ok=True)
        shutil.copy(shot, os.path.join(SRC, "docs", "img", "workbench.png"))
        print("screenshot copied to docs/img/workbench.png")
    print("screenshot:", shot)

    choose("compare-base", "anchorage-2025.yaml")
    by_id("compare-btn").click()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#compare-inputs tr.changed-input")
             or driver.find_elements(By.ID, "compare-no-inputs"), "the compare view")
    slots = [r.get_attribute("data-slot") for r in driver.find_elements(By.CSS_SELECTOR, "#compare-inputs tr.changed-input")]
    check(slots == ["russia.territory.position"], f"compare lists the changed input: {slots}")
    check(bool(driver.find_elements(By.CSS_SELECTOR, "#compare-results tr.moved-result")), "and the results that moved")
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#compare-chart img.chart-img"), "the compare chart")

    # 8b. the analysts' estimates: reconcile the edited scenario
    opts = [o.get_attribute("value") for o in by_id("scenario-select").find_elements(By.TAG_NAME, "option")]
    check(not any(o.startswith("estimates/") for o in opts), "estimates files are not offered as scenarios")
    boxes = driver.find_elements(By.CSS_SELECTOR, "#analysts-files input[type=checkbox]")
    check(sorted(b.get_attribute("value") for b in boxes) ==
          ["estimates/anchorage-alice.yaml", "estimates/anchorage-bob.yaml"],
          f"the two estimates files are listed: {[b.get_attribute('value') for b in boxes]}")
    check(by_id("analysts-btn").get_attribute("disabled") is not None, "Reconcile is disabled until a file is checked")
    for b in boxes:
        b.click()
    by_id("analysts-btn").click()
    wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#analysts-disputes tr.dispute"), "the disputed numbers")
    rows = driver.find_elements(By.CSS_SELECTOR, "#analysts-disputes tr.dispute")
    check(rows[0].get_attribute("data-slot") == "russia.territory.position",
          f"most disputed first: {rows[0].get_attribute('data-slot')}")
    cells = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
    edited = float(by_id("f-russia-territory-position").get_attribute("value"))
    check(float(cells[0]) == edited, f"'as written' is the edited value ({cells[0]} vs {edited})")
    check(cells[1].startswith("95") and cells[2].startswith("70"), f"alice's and bob's modes: {cells[1:3]}")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#analysts-views tr.analyst-view")) == 2, "each analyst's view")

    # 9. the hostile scenario: markup stays text
    seq = results_seq()
    choose("scenario-select", "hostile.yaml")
    by_id("open-btn").click()
    wait_for(lambda: "Hostile <b>summit</b>" in text("scenario-name"), "the hostile scenario")
    seq = wait_results_after(seq, "the hostile scenario's results")
    check(not driver.find_elements(By.CSS_SELECTOR, "#editor b, #editor script, #editor img, #editor style, "
                                   "#results script, #results img:not(.chart-img)"),
          "no element made from the scenario's markup")
    check(driver.title != "pwned" and "pwned" not in driver.title, "the title is not rewritten")
    check("</td></tr></table>" in by_id("scenario-table").text or
          bool(driver.find_elements(By.XPATH, "//span[@class='note-text' and contains(., '</td></tr></table>')]")),
          "the actor note is shown as text")

    # 9b. a new scenario: the form, the scaffold, Save (asks for a name)
    seq = results_seq()
    by_id("new-btn").click()
    wait_for(lambda: by_id("new-dialog").is_displayed(), "the new-scenario form")
    by_id("new-name").send_keys("Test talks")
    issue_inputs = driver.find_elements(By.CSS_SELECTOR, "#new-issues input")
    issue_inputs[0].send_keys("tariffs")
    issue_inputs[1].send_keys("Tariffs")
    actor_rows = driver.find_elements(By.CSS_SELECTOR, "#new-actors .row")
    for row, (aid, name, role) in zip(actor_rows, [("east", "East", "table"), ("west", "West", "excluded")]):
        ins = row.find_elements(By.TAG_NAME, "input")
        ins[0].send_keys(aid)
        ins[1].send_keys(name)
        Select(row.find_element(By.TAG_NAME, "select")).select_by_value(role)
    by_id("new-create").click()
    wait_for(lambda: "Test talks" in text("scenario-name"), "the scaffold in the editor")
    seq = wait_results_after(seq, "the scaffold's results")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#scenario-table tbody tr")) == 2, "the scaffold has two actors")
    check(text("file-name").startswith("new scenario"), "it has no file yet")
    by_id("f-east-tariffs-position").clear()
    by_id("f-east-tariffs-position").send_keys("20")
    seq = wait_results_after(seq, "the results after editing the scaffold")
    by_id("save-btn").click()
    wait_for(lambda: by_id("save-dialog").is_displayed(), "the save dialog for a new scenario")
    check(by_id("save-path").get_attribute("value") == "test-talks.yaml", "a file name is proposed")
    by_id("save-path").send_keys(Keys.ENTER)
    wait_for(lambda: "Saved test-talks.yaml" in text("status"), "the new scenario's save")
    v = subprocess.run([DETENTE, "validate", os.path.join(served, "test-talks.yaml")], capture_output=True, text=True)
    check(v.returncode == 0, f"detente validate accepts the new scenario (exit {v.returncode}) {v.stderr.strip()[:200]}")

    # 10. no console errors, no page-wide sideways scrolling, labels
    drain_console()
    errors = [e for e in console if e["level"] in ("SEVERE", "ERROR")]
    for e in errors:
        print("console:", e["message"])
    check(not errors, f"no console errors ({len(errors)})")
    sw = driver.execute_script("return document.documentElement.scrollWidth")
    cw = driver.execute_script("return document.documentElement.clientWidth")
    check(sw <= cw, f"no horizontal scrolling of the page at 1280 px ({sw} <= {cw})")
    unlabelled = driver.execute_script("""
        return [...document.querySelectorAll('input, select, [role=slider]')].filter((e) => {
          if (e.type === 'hidden') return false;
          if (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')) return false;
          return !(e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')) && !e.closest('label');
        }).map((e) => e.id || e.outerHTML.slice(0, 60));""")
    check(not unlabelled, f"every control is labelled {unlabelled[:5]}")
    status = 0 if not failures else 1
except SystemExit as e:
    status = e.code if isinstance(e.code, int) else 1
except Exception as e:  # a Selenium error: show where
    print(f"FAIL {type(e).__name__}: {e}")
    traceback.print_exc(limit=3, file=sys.stdout)
    try:
        screenshot("workbench-failure.png")
    except Exception:
        pass
    status = 1
finally:
    if status != 0:
        try:
            drain_console()
            for e in console:
                print("console:", e["level"], e["message"])
            screenshot("workbench-failure.png")
        except Exception:
            pass
    try:
        driver.quit()
    except Exception:
        pass
    server.send_signal(signal.SIGINT)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    if status != 0:
        server_err.seek(0)
        print("server stderr:", server_err.read()[-3000:])
    server_err.close()
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print(f"{len(failures)} check(s) failed")
print("PASS" if status == 0 else "FAIL")
sys.exit(status)
