# deps.sh — the Debian 12 packages Shuniu needs, and a function that installs the missing
# ones (one apt-get update, only when something is missing). Sourced by run-demo and
# run-tests.

BUILD_PACKAGES="meson ninja-build pkg-config gcc libc6-dev gettext tzdata
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev libsqlite3-dev
  glib-networking"
CONSOLE_PACKAGES="libgtk-4-dev libadwaita-1-dev libsecret-1-dev libcairo2-dev
  libpango1.0-dev desktop-file-utils appstream fonts-noto-cjk"
TEST_PACKAGES="clang-format openssl xvfb xauth dbus locales"

ensure_packages ()
{
  missing=""
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $pkg"
    fi
  done
  [ -z "$missing" ] && return 0
  echo "Installing:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages:$missing — run as root or install them first." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Configures @1 (a build directory) with the rest of the arguments, once; later runs only
# rebuild.
ensure_build ()
{
  dir="$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}
