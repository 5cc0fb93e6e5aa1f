#!/usr/bin/env python3
"""The real desktop window, driven through tauri-driver and WebKitWebDriver (run it under
Xvfb: xvfb-run -a -s "-screen 0 1280x800x24" ...): unlock a vault made by the CLI with its
secret key, see the start screen (housekeeping run at unlock), then the people, search, open a
person's card, save their subject-access bundle through the save dialog (whose answer is
injected: WebDriver cannot reach the platform's own dialog, so LAGOM_SAVE_DIALOG_ANSWER makes
the app answer it with a folder standing for a USB stick) and open the PDF with qpdf, import a
file through the wizard (picked in the window, so it reaches the vault as bytes, not a
path), save a backup through the save dialog and choose the scheduled backups' folder
through the folder dialog (LAGOM_FOLDER_DIALOG_ANSWER). Plain WebDriver over HTTP, with the standard library only. Screenshots
of the X display go to the given directory.

    window_e2e.py <lagom> <lagom-desktop> <tauri-driver> <screenshot dir>

LAGOM_DESKTOP_PEOPLE sets how many made-up people the vault holds (300 unless set); the
memory of the app's processes after unlocking is printed (a figure, not a check).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

LAGOM, APP, DRIVER, SHOTS = sys.argv[1:5]
PASSWORD = "correct horse battery"
PEOPLE = int(os.environ.get("LAGOM_DESKTOP_PEOPLE", "300"))
WEBDRIVER = "http://127.0.0.1:4444"
REQUEST_ATTEMPTS = 4


def request(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    # tauri-driver forwards each command to WebKitWebDriver over a pooled keep-alive
    # connection. When WebKitWebDriver has just closed that connection, tauri-driver fails
    # to send the command ("client error (SendRequest)", connection reset) and drops ours
    # without an answer: the command never reached the window, so sending it again is safe.
    # It happens more often the busier the machine is.
    for attempt in range(1, REQUEST_ATTEMPTS + 1):
        req = urllib.request.Request(WEBDRIVER + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            raise SystemExit(f"{method} {path}: {e.code} {e.read().decode()[:400]}")
        except ConnectionResetError:
            if attempt == REQUEST_ATTEMPTS:
                raise
            time.sleep(0.2 * attempt)


def wait(what, check, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        try:
            value = check()
            if value:
                return value
        except (SystemExit, OSError, ConnectionError):
            # Not there yet: the driver still starting, the element not drawn yet.
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def memory_mb():
    """Resident memory of the app and WebKit's processes for it, in MB."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
            if name.startswith(("lagom-desktop", "WebKitWebProces", "WebKitNetworkPr")):
                with open(f"/proc/{pid}/status") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def app_pids():
    """The desktop app's processes now running."""
    pids = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "lagom-desktop":
                    pids.add(int(pid))
        except OSError:
            continue
    return pids


def shot(name):
    # The X display lags the page by a frame or two.
    time.sleep(0.7)
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"desktop-{name}.png")
    subprocess.run(["import", "-window", "root", path], check=True)
    print(f"  screenshot {path}")


def run_once():
    """One whole run on a new vault and a new window."""
    work = tempfile.mkdtemp(prefix="lagom-desktop-")
    env = dict(os.environ, LAGOM_VAULT=os.path.join(work, "vault"), LAGOM_NO_KEYRING="1",
               LAGOM_PASSWORD=PASSWORD, XDG_DATA_HOME=os.path.join(work, "data"),
               XDG_CACHE_HOME=os.path.join(work, "cache"), XDG_CONFIG_HOME=os.path.join(work, "config"),
               WEBKIT_DISABLE_COMPOSITING_MODE="1")
    created = json.loads(subprocess.run([LAGOM, "--json", "init", "--owner", "Kari"], env=env,
                                        check=True, capture_output=True, text=True).stdout)
    env["LAGOM_SECRET_KEY"] = created["secret_key"]
    subprocess.run([LAGOM, "demo", "--people", str(PEOPLE)], env=env, check=True, capture_output=True)
    # A bundle must name the business that holds the data and where to write about it.
    subprocess.run([LAGOM, "business", "--name", "Fjord Rør AS", "--email", "personvern@fjordror.no",
                    "--country", "NO"], env=env, check=True, capture_output=True)
    someone = json.loads(subprocess.run([LAGOM, "--json", "person", "list", "--limit", "1"], env=env,
                                        check=True, capture_output=True, text=True).stdout)["people"][0]
    # The app must not see the credentials: it asks for them like it would ask a person.
    app_env = {k: v for k, v in env.items() if k not in ("LAGOM_PASSWORD", "LAGOM_SECRET_KEY")}
    # The platform's save dialog is the one step WebDriver cannot drive: the app answers it
    # as if this folder (a USB stick's) and the suggested name had been chosen.
    usb = os.path.join(work, "usb")
    os.mkdir(usb)
    app_env["LAGOM_SAVE_DIALOG_ANSWER"] = usb
    # Likewise the folder dialog, where scheduled backups go.
    app_env["LAGOM_FOLDER_DIALOG_ANSWER"] = usb

    before = app_pids()
    driver = subprocess.Popen([DRIVER], env=app_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    session = None
    try:
        wait("tauri-driver", lambda: request("GET", "/status") is not None)
        started = time.time()
        session = request("POST", "/session", {"capabilities": {"alwaysMatch": {
            "tauri:options": {"application": APP}}}})["sessionId"]

        def find(testid):
            found = request("POST", f"/session/{session}/element",
                            {"using": "css selector", "value": f'[data-testid="{testid}"]'})
            return next(iter(found.values()))

        def text(testid):
            # textContent, not the rendered text: WebKitWebDriver reports rows of the virtual
            # list (absolutely placed) as empty.
            return request("GET", f"/session/{session}/element/{find(testid)}/property/textContent")

        def type_into(testid, value):
            request("POST", f"/session/{session}/element/{find(testid)}/value", {"text": value})

        def click(testid):
            request("POST", f"/session/{session}/element/{find(testid)}/click", {})

        print("unlock")
        wait("the unlock screen", lambda: find("unlock-password"))
        print(f"  cold start to the unlock screen: {time.time() - started:.2f} s (with the driver)")
        shot("unlock")
        type_into("unlock-password", PASSWORD)
        type_into("unlock-secret-key", created["secret_key"])
        click("unlock-submit")
        # The start screen comes first, once housekeeping has run as the vault opened.
        wait("the start screen", lambda: "at unlock" in text("today-last-run"), timeout=120)
        shot("today")
        click("nav-people")
        wait("the people list", lambda: f"{PEOPLE:,}" in text("people-count"), timeout=120)
        time.sleep(1)
        print(f"  memory after unlocking {PEOPLE:,} people: {memory_mb():.0f} MB "
              "(the app and its WebKit processes)")
        shot("people")

        print("search and open a person")
        type_into("people-search", someone["last_name"])
        wait("search results", lambda: someone["last_name"] in text("people-row"))
        click("people-row")
        # The card's frame (its Close button) is drawn before the person is read.
        wait(f"the person's card showing {someone['last_name']}",
             lambda: someone["last_name"] in text("person-card"))
        shot("person")

        print("save the person's bundle through the save dialog (its answer injected)")
        click("person-export")
        wait("the export dialog", lambda: find("export-language-from"))
        click("export-pdf")
        click("export-run")
        wait("the saved file's place", lambda: usb in text("export-where"), timeout=60)
        saved = text("export-where").strip()
        passphrase = text("export-passphrase").strip()
        shot("export-saved")
        if not os.path.dirname(saved) == usb or not saved.endswith(".pdf"):
            raise SystemExit(f"the bundle went to {saved}, not into {usb}")
        attached = subprocess.run(["qpdf", f"--password={passphrase}", "--show-attachment=subject-access.json",
                                   saved], check=True, capture_output=True, text=True).stdout
        if json.loads(attached)["person"]["last_name"] != someone["last_name"]:
            raise SystemExit("the saved PDF holds someone else")
        if subprocess.run(["qpdf", "--password=wrong-words", "--check", saved],
                          capture_output=True).returncode == 0:
            raise SystemExit("the saved PDF opened with a wrong passphrase")
        find("export-reveal")
        click("export-saved")
        click("export-close")
        click("person-close")

        print("import a file through the wizard")
        csv = os.path.join(work, "nye kunder.csv")
        with open(csv, "wb") as f:
            f.write("Fornavn;Etternavn;E-post;Mobil\r\n"
                    "Åse;Vik;ase@vik.no;412 00 001\r\n"
                    "Ørjan;Dahl;orjan@dahl.no;412 00 002\r\n".encode("cp1252"))
        click("nav-import")
        # A file input takes a path typed into it, as a person picking the file would.
        type_into("import-file-input", csv)
        wait("the picked file", lambda: "nye kunder.csv" in text("import-step"))
        click("import-start")
        for step in ("columns", "minimise", "purpose", "duplicates", "preview"):
            wait(f"the {step} step", lambda: request(
                "GET", f"/session/{session}/element/{find('import-step')}/attribute/data-step") == step
                and request("GET", f"/session/{session}/element/{find('import-step')}"
                            "/attribute/data-busy") == "false")
            if step == "columns":
                shot("import-columns")
            if step != "preview":
                click("import-next")
        click("import-commit")
        wait("the import's report", lambda: find("import-done"))
        shot("import-done")
        count = json.loads(subprocess.run([LAGOM, "--json", "person", "list", "--limit", "1"],
                                          env=env, check=True, capture_output=True,
                                          text=True).stdout)["total"]
        if count != PEOPLE + 2:
            raise SystemExit(f"after the import the vault holds {count} people, not {PEOPLE + 2}")
        print("a backup through the save dialog, and the scheduled backups' folder through the folder dialog")
        click("nav-settings")
        click("backup-run")
        wait("the backup's place", lambda: usb in text("backup-saved-where"), timeout=120)
        backup = text("backup-saved-where").strip()
        if not backup.endswith(".lagom-backup") or not os.path.getsize(backup):
            raise SystemExit(f"the backup went to {backup}")
        find("backup-saved-reveal")
        click("housekeeping-choose-folder")
        folder = find("housekeeping-field-backup_folder")
        wait("the chosen folder", lambda: request(
            "GET", f"/session/{session}/element/{folder}/property/value") == usb)
        shot("settings-backup")
        print("desktop window end to end: passed")
    finally:
        if session:
            try:
                request("DELETE", f"/session/{session}")
            except (SystemExit, ConnectionError):
                pass
        driver.terminate()
        driver.wait()
        # A window whose driver died is still running: it goes with the run (only windows
        # this run started).
        for pid in app_pids() - before:
            try:
                os.kill(pid, 15)
            except OSError:
                pass
        shutil.rmtree(work, ignore_errors=True)


# A command whose connection dropped is sent again (see request). Should the connection keep
# dropping, the whole run starts over, on a new vault, up to twice before it counts as failed.
# Anything else fails at once.
ATTEMPTS = 3
for attempt in range(1, ATTEMPTS + 1):
    try:
        run_once()
        break
    except ConnectionError as e:
        if attempt == ATTEMPTS:
            raise SystemExit(f"the WebDriver connection dropped {ATTEMPTS} times: {e}")
        print(f"  the WebDriver connection dropped ({e}); once more from the start")
