#!/usr/bin/env bash
# Runs the memory program (tests/Methane.Firmware.Memory: the firmware loop for 10,000 cycles) on nanoCLR and on .NET 10
# and prints both sets of figures: heap after a full collection at cycle 100 and 10,000, collections per 1,000 cycles.
#
#   NANOCLR=/path/to/nanoFramework.nanoCLR  NANO_MDP=/path/to/nanoFramework.Tools.MetadataProcessor \
#   NANO_LIB_DIR=/path/to/libs  bash tests/memory-nanoclr.sh
#
# NANOCLR       nanoCLR for Linux (nf-interpreter targets/posix), takes the .pe files as arguments
# NANO_MDP      the nanoFramework metadata processor (-loadHints/-parse/-compile)
# NANO_LIB_DIR  folder with nanoFramework.Runtime.Native.pe 1.7.x (its GC.Run gives the free heap; without it the heap
#               figures print -1) and, unless NANO_MSCORLIB_DIR says otherwise, mscorlib.dll + mscorlib.pe 1.17.11
# NANOCLR_TIMEOUT optional: seconds (default 600)
# Exit: 0 both ran to "END" (or skipped: NANOCLR/NANO_MDP unset, the reason is printed), 1 a run failed or the heap grew,
#       2 the toolchain failed. The figures are the report; nothing here is a pass/fail threshold except heap growth.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${NANOCLR:-}" ] || [ -z "${NANO_MDP:-}" ]; then
  echo "memory-nanoclr: skipped: set NANOCLR (nanoCLR for Linux) and NANO_MDP (metadata processor) to run it"
  exit 0
fi
libs="${NANO_LIB_DIR:-}"
mscorlib="${NANO_MSCORLIB_DIR:-${libs:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')/nanoframework.corelibrary/1.17.11/lib}}"
[ -f "$mscorlib/mscorlib.pe" ] || { echo "memory-nanoclr: no mscorlib.pe in $mscorlib" >&2; exit 2; }
native=()
if [ -n "$libs" ] && [ -f "$libs/nanoFramework.Runtime.Native.pe" ]; then native=("$libs/nanoFramework.Runtime.Native.pe"); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/Methane.Firmware.Memory.Nano -c Release -nologo -v q >/dev/null
dotnet build tests/Methane.Firmware.Memory -c Release -nologo -v q >/dev/null
bin=tests/Methane.Firmware.Memory.Nano/bin/Release/netstandard2.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$bin/Methane.Firmware.Core.dll" "$bin/Methane.Firmware.Memory.dll" "$work/"
"$NANO_MDP" -loadHints mscorlib "$mscorlib/mscorlib.dll" -parse "$work/Methane.Firmware.Core.dll" \
  -compile "$work/Methane.Firmware.Core.pe" false > "$work/mdp.log" 2>&1 || { cat "$work/mdp.log" >&2; exit 2; }
"$NANO_MDP" -loadHints mscorlib "$mscorlib/mscorlib.dll" -loadHints Methane.Firmware.Core "$work/Methane.Firmware.Core.dll" \
  -parse "$work/Methane.Firmware.Memory.dll" -compile "$work/Methane.Firmware.Memory.pe" false >> "$work/mdp.log" 2>&1 \
  || { cat "$work/mdp.log" >&2; exit 2; }

status=0
timeout "${NANOCLR_TIMEOUT:-600}" "$NANOCLR" "$mscorlib/mscorlib.pe" "${native[@]}" "$work/Methane.Firmware.Core.pe" \
  "$work/Methane.Firmware.Memory.pe" > "$work/nanoclr.log" 2>&1 || status=$?
tr -d '\r' < "$work/nanoclr.log" | awk '/^Done\.$/{p=0} p{print} /^Ready\.$/{p=1}' > "$work/nanoclr.txt"
dotnet run --project tests/Methane.Firmware.Memory -c Release --no-build > "$work/dotnet.txt"
echo "== nanoCLR"; cat "$work/nanoclr.txt"
echo "== .NET 10"; cat "$work/dotnet.txt"
failed=0
for run in nanoclr dotnet; do
  grep -q '^END$' "$work/$run.txt" || { echo "memory-nanoclr: the $run run did not reach END (nanoCLR exit $status)" >&2; failed=1; }
done
# nanoCLR reports free bytes: less free at the end than at cycle 100 means the heap grew.
if grep -q 'free change since cycle 100: -' "$work/nanoclr.txt"; then echo "memory-nanoclr: the nanoCLR heap grew" >&2; failed=1; fi
exit $failed
