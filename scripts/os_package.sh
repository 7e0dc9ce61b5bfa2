#!/usr/bin/env bash
# Source this file: `os_package_install PACKAGE...` installs Debian packages when a check script
# finds a tool missing (Java for `make spark`, the PostgreSQL server for `make portability`).
# Only as root with apt-get (a CI machine, a fresh container); elsewhere it says what to install.
os_package_install() {
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "Installing $* (apt-get)"
        if [[ -z "${_OS_PACKAGE_UPDATED:-}" ]]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
            _OS_PACKAGE_UPDATED=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    else
        echo "Missing: install the OS packages $* (Debian/Ubuntu names) and run again." >&2
        return 2
    fi
}
