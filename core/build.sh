#!/usr/bin/env bash
# Build citetrack's optional compiled core (Rust, pyo3, an abi3 wheel) and install it for a Python.
#
#   core/build.sh [PYTHON]        (default: the project's .venv/bin/python)
#
# CITETRACK_CORE_TARGET=DIR installs it into DIR (pip --target: put DIR on PYTHONPATH) instead of
# that Python's environment.
#
# The crates come from crates.io where it is reachable, or from Debian 12's packages where it is
# not (these machines): `apt-get install librust-pyo3-dev librust-aho-corasick-dev
# librust-regex-dev librust-fancy-regex-dev librust-memchr-dev` (run as root, this script does it), and cargo reads
# them from /usr/share/cargo/registry through a source replacement this script writes to
# core/.cargo/config.toml (CITETRACK_CORE_CRATES=crates-io: never). Without cargo it builds nothing
# and says so: citetrack then runs in pure Python, with the same results.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${1:-$here/../.venv/bin/python}
case "$py" in  # an absolute path: the build runs in core/
  */*) py="$(cd "$(dirname "$py")" && pwd)/$(basename "$py")" ;;
  *) py="$(command -v "$py")" ;;
esac
if ! command -v cargo >/dev/null 2>&1; then
  echo "core: no cargo (Rust) on PATH: the compiled core is not built; citetrack runs in pure Python"
  exit 0
fi
registry=/usr/share/cargo/registry
debian_crates="librust-pyo3-dev librust-aho-corasick-dev librust-regex-dev librust-fancy-regex-dev librust-memchr-dev"
if [ "${CITETRACK_CORE_CRATES:-}" != crates-io ]; then
  if ! ls "$registry" 2>/dev/null | grep -q '^pyo3-0\.17' && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $debian_crates >/dev/null) \
      || echo "core: could not install Debian's crates ($debian_crates)"
  fi
  if ls "$registry" 2>/dev/null | grep -q '^pyo3-0\.17'; then
    mkdir -p "$here/.cargo"
    printf '%s\n' '# written by core/build.sh: the crates of Debian packages, offline' \
      '[source.crates-io]' 'replace-with = "debian"' '[source.debian]' "directory = \"$registry\"" \
      '[net]' 'offline = true' > "$here/.cargo/config.toml"
  else
    rm -f "$here/.cargo/config.toml"  # crates.io, if it can be reached
  fi
fi
"$py" -m pip install --quiet --disable-pip-version-check 'maturin>=1.0,<2'
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$here" && "$py" -m maturin build --quiet --release --interpreter "$py" -o "$out")
if [ -n "${CITETRACK_CORE_TARGET:-}" ]; then
  rm -rf "$CITETRACK_CORE_TARGET"/citetrack_core*
  "$py" -m pip install --quiet --disable-pip-version-check --no-deps --target "$CITETRACK_CORE_TARGET" "$out"/citetrack_core-*.whl
  export PYTHONPATH="$CITETRACK_CORE_TARGET${PYTHONPATH:+:$PYTHONPATH}"
else
  "$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$out"/citetrack_core-*.whl
fi
"$py" -c 'import citetrack.core as c; print("core:", c.status())'
