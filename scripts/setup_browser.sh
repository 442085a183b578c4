#!/usr/bin/env bash
# Install what the browser tests (tests/browser) and the Lighthouse benchmark need:
#   - Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver), and
#     fonts-noto-cjk and fonts-noto-color-emoji;
#     a test tool's own browser download (`npx playwright install`) cannot work here;
#   - the npm packages pinned in package-lock.json (axe-core, lighthouse), by `npm ci`.
# Idempotent and quick once done: apt only runs when a command is missing, npm only when
# node_modules was not installed from the current package-lock.json.
# Used by `make browser-deps`, on which `make unit` and `make test` depend.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_packages+=(chromium-driver)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
# A CJK font, so screenshots and the layout tests measure Chinese text as visitors see it
# (without one every character is a box of the fallback font's width).
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || apt_packages+=(fonts-noto-cjk)
# …and an emoji font: every verdict starts with ✅ ⚠️ ⛔ ❓, which are boxes without one.
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || apt_packages+=(fonts-noto-color-emoji)
if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "setup_browser: installing ${apt_packages[*]} from Debian" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# node_modules is current when it was installed from this very package-lock.json.
stamp=node_modules/.installed-from-lock
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "setup_browser: npm ci (axe-core, lighthouse)" >&2
    # --loglevel=error: lighthouse 13 declares node >=22.19 (EBADENGINE warning) yet runs on 20.
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
fi
