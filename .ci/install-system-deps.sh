#!/usr/bin/env bash
# System packages the test suite uses, from Debian's archive (no other downloads):
# nats-server (JetStream tests start one when none answers at NATS_URL), protoc (the
# protos must compile with a standard protoc), prometheus/promtool (metrics checks and
# the real-Prometheus test), chromium (the HTML report renders in headless Chromium).
set -euo pipefail
need=()
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
command -v protoc >/dev/null || need+=(protobuf-compiler)
command -v promtool >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present"
  exit 0
fi
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends "${need[@]}" || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends "${need[@]}"; }
