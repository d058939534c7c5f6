#!/bin/sh
# Install the Debian packages the site uses, where they are missing and we may (root + apt).
# Never fails the build: without them the site degrades and says so.
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing) >/dev/null 2>&1 \
    || echo "Could not install$missing; the site will run without them."
else
  echo "Missing Debian packages:$missing (install them as root for OCR, file type checks and Office previews)."
fi
exit 0
