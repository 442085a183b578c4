#!/usr/bin/env bash
# Install the Debian libraries the Python packages load at run time, for `make run` as much as
# for `make test`: libGL and GLib for OpenCV, which the picture reader's OCR (rapidocr-onnxruntime)
# imports. Quick and silent when they are there (this machine's image has them).
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in libgl1 libglib2.0-0; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup_system: installing ${missing[*]} from Debian" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
