#!/usr/bin/env bash
# Set up a fresh machine and run sotay:  ./run.sh app   (the web app over the bundled corpus)
#                                         ./run.sh test  (the whole test suite)
# Idempotent: a second run reuses the virtual environment and the built model and index.
set -euo pipefail
cd "$(dirname "$0")"
job="${1:-app}"

# Debian packages: Chromium drives the browser tests; DejaVu is the Vietnamese font of PDF exports;
# Tesseract with its Vietnamese data reads scanned PDFs (OCR).
need=()
[ "$job" = test ] && ! command -v chromium >/dev/null && need+=(chromium)
# A throwaway PostgreSQL server runs the storage tests a second time on the shared-database backend.
[ "$job" = test ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ] && need+=(postgresql)
# pgbouncer in transaction mode, as deploy/ advises past a handful of replicas: a test goes through it.
[ "$job" = test ] && [ ! -x /usr/sbin/pgbouncer ] && need+=(pgbouncer)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
# LibreOffice (no GUI) turns old Word files (.doc) into .docx for the Word reader.
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
tesseract --list-langs 2>/dev/null | grep -qx vie || need+=(tesseract-ocr-vie)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# torch first and pinned: it is the CPU wheel; letting a resolver pick it pulls a CUDA build.
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"

case "$job" in
  app)  exec .venv/bin/sotay serve ;;
  test) exec .venv/bin/python -m pytest -q ;;
  *)    echo "usage: ./run.sh [app|test]" >&2; exit 2 ;;
esac
