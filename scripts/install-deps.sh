#!/usr/bin/env bash
# Installs the Debian 12 packages Embody builds against (Eigen, OpenCV, libserialport, pkg-config, Z3)
# on a machine that has only the Swift toolchain. Idempotent and non-interactive: it asks dpkg what is
# missing and touches apt only when something is.
set -euo pipefail

packages=(libeigen3-dev libopencv-dev libserialport-dev pkg-config z3)
# PyPI readers the tests check our files with (MCAP recordings): the reference implementations.
python_packages=(mcap==1.6.0)

if command -v python3 >/dev/null 2>&1 && ! python3 -c "import mcap" >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check "${python_packages[@]}" \
        || echo "install-deps: pip could not install ${python_packages[*]}; the MCAP reader checks will be skipped" >&2
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all present (${packages[*]}); nothing to do"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    run=()
elif command -v sudo >/dev/null 2>&1; then
    run=(sudo)
else
    echo "install-deps: missing ${missing[*]}, but not root and no sudo; install them as root" >&2
    exit 1
fi

"${run[@]}" apt-get update -qq >/dev/null
"${run[@]}" env DEBIAN_FRONTEND=noninteractive DEBCONF_NOWARNINGS=yes apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: installed ${missing[*]}"
