#!/usr/bin/env bash
# The nanoCLR half of the conformance lane: builds the conformance program against nanoFramework's mscorlib, converts it
# and the core to .pe with the metadata processor, runs it on nanoCLR, runs the same program on .NET 10, and diffs the two
# transcripts (and each against the committed contract, tests/Methane.Firmware.Conformance/transcript.txt).
#
#   NANOCLR=/path/to/nanoFramework.nanoCLR  NANO_MDP=/path/to/nanoFramework.Tools.MetadataProcessor  bash tests/conformance-nanoclr.sh
#
# NANOCLR   nanoCLR for Linux, built from nf-interpreter targets/posix (takes the .pe files as arguments)
# NANO_MDP  the nanoFramework metadata processor (-loadHints/-parse/-compile)
# NANO_MSCORLIB_DIR  optional: folder with mscorlib.dll + mscorlib.pe (default: the restored nanoFramework.CoreLibrary 1.17.11)
# NANOCLR_TIMEOUT    optional: seconds (default 600)
# Exit: 0 identical (or skipped because NANOCLR/NANO_MDP are not set: the reason is printed), 1 transcripts differ,
#       2 the toolchain failed (build, conversion, or nanoCLR did not finish). --require turns a skip into exit 2.
# How to build nanoCLR and the metadata processor (outside the repository): docs/runtime-differences.md.
set -euo pipefail
cd "$(dirname "$0")/.."
require=0; [ "${1:-}" = "--require" ] && require=1

if [ -z "${NANOCLR:-}" ] || [ -z "${NANO_MDP:-}" ]; then
  echo "conformance-nanoclr: skipped: set NANOCLR (nanoCLR for Linux) and NANO_MDP (metadata processor) to run the nanoCLR half"
  [ $require = 1 ] && exit 2
  exit 0
fi
for f in "$NANOCLR" "$NANO_MDP"; do
  [ -x "$f" ] || { echo "conformance-nanoclr: not an executable: $f" >&2; exit 2; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Methane.Firmware.Conformance.Nano -c Release -nologo -v q >/dev/null
dotnet build tests/Methane.Firmware.Conformance -c Release -nologo -v q >/dev/null
bin=tests/Methane.Firmware.Conformance.Nano/bin/Release/netstandard2.0
lib="${NANO_MSCORLIB_DIR:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')/nanoframework.corelibrary/1.17.11/lib}"
[ -f "$lib/mscorlib.pe" ] || { echo "conformance-nanoclr: no mscorlib.pe in $lib" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bin/Methane.Firmware.Core.dll" "$bin/Methane.Firmware.Conformance.dll" "$work/"
"$NANO_MDP" -loadHints mscorlib "$lib/mscorlib.dll" -parse "$work/Methane.Firmware.Core.dll" \
  -compile "$work/Methane.Firmware.Core.pe" false > "$work/mdp-core.log" 2>&1 \
  || { cat "$work/mdp-core.log" >&2; echo "conformance-nanoclr: metadata processor failed on the core" >&2; exit 2; }
"$NANO_MDP" -loadHints mscorlib "$lib/mscorlib.dll" -loadHints Methane.Firmware.Core "$work/Methane.Firmware.Core.dll" \
  -parse "$work/Methane.Firmware.Conformance.dll" -compile "$work/Methane.Firmware.Conformance.pe" false > "$work/mdp-conf.log" 2>&1 \
  || { cat "$work/mdp-conf.log" >&2; echo "conformance-nanoclr: metadata processor failed on the conformance program" >&2; exit 2; }
for pe in Methane.Firmware.Core.pe Methane.Firmware.Conformance.pe; do
  [ -s "$work/$pe" ] || { echo "conformance-nanoclr: $pe was not written" >&2; exit 2; }
done

# nanoCLR prints its own start-up log, then the program's output between "Ready." and "Done.", with CRLF line ends.
status=0
timeout "${NANOCLR_TIMEOUT:-600}" "$NANOCLR" "$lib/mscorlib.pe" "$work/Methane.Firmware.Core.pe" "$work/Methane.Firmware.Conformance.pe" \
  > "$work/nanoclr.log" 2>&1 || status=$?
tr -d '\r' < "$work/nanoclr.log" > "$work/nanoclr.lf"
if ! grep -q '^Done\.$' "$work/nanoclr.lf"; then
  echo "conformance-nanoclr: nanoCLR did not finish (exit $status); last lines:" >&2
  tail -20 "$work/nanoclr.lf" >&2
  exit 2
fi
awk '/^Done\.$/{p=0} p{print} /^Ready\.$/{p=1}' "$work/nanoclr.lf" > "$work/transcript.nanoclr.txt"
dotnet run --project tests/Methane.Firmware.Conformance -c Release --no-build > "$work/transcript.dotnet.txt"

contract=tests/Methane.Firmware.Conformance/transcript.txt
echo "conformance-nanoclr: nanoCLR $(wc -l < "$work/transcript.nanoclr.txt") lines, .NET $(wc -l < "$work/transcript.dotnet.txt") lines, contract $(wc -l < "$contract") lines"
failed=0
if ! diff -u --label dotnet --label nanoclr "$work/transcript.dotnet.txt" "$work/transcript.nanoclr.txt"; then
  echo "conformance-nanoclr: nanoCLR and .NET transcripts DIFFER" >&2; failed=1
fi
if ! diff -q "$work/transcript.dotnet.txt" "$contract" >/dev/null; then
  echo "conformance-nanoclr: the .NET transcript differs from the committed contract ($contract)" >&2; failed=1
fi
[ $failed = 0 ] && echo "conformance-nanoclr: nanoCLR and .NET transcripts are identical and match the contract"
exit $failed
