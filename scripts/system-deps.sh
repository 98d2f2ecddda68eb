#!/usr/bin/env bash
# Installs the Debian packages the project needs, once: CJK fonts for the PDFs, HarfBuzz's
# subsetter (WeasyPrint subsets CJK fonts 15–30× faster with it), poppler-utils for the PDF tests
# Chromium for the portal's browser test, LibreOffice Calc (headless) to open the reviewer's
# workbook in a test as a spreadsheet program would, and npm to fetch mermaid.js for the portal's diagram. Does nothing when all are present.
set -euo pipefail
packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium libreoffice-calc-nogui)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "需要管理员权限安装：apt-get install ${missing[*]}" >&2; exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
