#!/usr/bin/env bash
# The case record needs two things from Debian's packages: ClamAV (clamscan) to scan uploaded documents, and Pango
# for WeasyPrint to write the chronology as a PDF. Install them when they are missing and we may (root, apt-get).
# ClamAV's signature database is not downloaded here: tests and CI use the project's own small signature file
# (joinedup/case_record/clamav/joinedup-test.ndb, which detects the EICAR test file); production runs freshclam.
set -euo pipefail
need=()
command -v clamscan >/dev/null 2>&1 || need+=(clamav)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || need+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || need+=(libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} from Debian's packages for the case record..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing ${need[*]}: documents cannot be scanned (uploads are refused) or the chronology PDF cannot be made." >&2
  echo "Install them with: sudo apt-get install ${need[*]}" >&2
fi
