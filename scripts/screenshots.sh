#!/usr/bin/env bash
# Takes a screenshot of every workspace from a real window under Xvfb (Mesa's software
# OpenGL), into docs/screenshots/. Needs: xvfb xdotool imagemagick libgl1-mesa-dri.
#   bash scripts/screenshots.sh [path/to/scr-workbench] [review]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/scr-workbench}
review=${2:-reviews/sample.scr.ron}
out=docs/screenshots
mkdir -p "$out"
display=:93
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
# A fresh preferences folder, so the shots do not depend on an earlier session.
export XDG_DATA_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
"$bin" "$review" >/tmp/scr-workbench-screenshots.log 2>&1 &
app=$!
for _ in $(seq 1 50); do
  win=$(xdotool search --onlyvisible --name "scr-workbench" 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  sleep 0.2
done
[ -n "$win" ] || { echo "no window"; cat /tmp/scr-workbench-screenshots.log; exit 1; }
sleep 2
xdotool windowsize "$win" 1600 1000
xdotool windowmove "$win" 0 0
# The window may take a moment to be mapped: retry the focus.
for _ in $(seq 1 20); do
  xdotool windowfocus --sync "$win" 2>/dev/null && break
  sleep 0.3
done
sleep 1.5

shot() { sleep "${2:-0.8}"; import -window root "$out/$1.png"; echo "$out/$1.png"; }

names=(overview chronology timeline episodes factor-graph typologies findings recommendations action-plan checks)
keys=(1 2 3 4 5 6 7 8 9 0)
for i in "${!names[@]}"; do
  xdotool key --window "$win" "alt+${keys[$i]}"
  case "${names[$i]}" in
    chronology) sleep 0.5; xdotool key --window "$win" Down Down Down ;;
    episodes|findings|recommendations) sleep 0.5; xdotool mousemove 330 90 click 1 ;;
  esac
  shot "$(printf '%02d' "$i")-${names[$i]}"
done
xdotool key --window "$win" F11
shot 10-workshop-mode 1.5
xdotool key --window "$win" F11

# File > Export… with the chronology table chosen (the radio button's place in the
# dialog), then closed again.
xdotool key --window "$win" ctrl+e
sleep 1
xdotool mousemove 32 113 click 1
shot 11-export
xdotool mousemove 559 33 click 1
sleep 0.5

# The Collation workspace (Alt+C) on a generated corpus of 240 reviews and returns, with
# the shipped crosswalk, and the reviews behind one bar listed. The clicks are at the
# places of the controls in a 1600x1000 window.
corpus=$(mktemp -d)
"$bin" synth-corpus "$corpus" --count 240 >/dev/null
xdotool key --window "$win" alt+c
sleep 1
xdotool mousemove 461 89 click 1; sleep 0.5
xdotool type --delay 40 "$corpus"; sleep 0.3
xdotool mousemove 687 89 click 1; sleep 0.8
xdotool mousemove 461 137 click 1; sleep 0.4
xdotool type --delay 40 "$PWD/assets/crosswalks/lt-patterns-2008-to-lt-findings-2012.ron"; sleep 0.5
xdotool mousemove 697 137 click 1; sleep 0.8
xdotool mousemove 236 233 click 1
sleep 10
xdotool mousemove 691 366 click 1
shot collation 1.5
rm -rf "$corpus"
