#!/usr/bin/env bash
# Drive the real app in tmux: walk three sites, record a finding, quit, restart, and check
# that the finding and the progress are still there. Pane captures go to $OUT.
#
#   scripts/tmux_walk.sh            # uses ./.venv or /tmp/venv, writes to /tmp/tmux_walk
#   PY=/path/to/python OUT=/tmp/x scripts/tmux_walk.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PY:-}"
if [[ -z "$PY" ]]; then
  for candidate in "$ROOT/.venv/bin/python" /tmp/venv/bin/python; do
    [[ -x "$candidate" ]] && PY="$candidate" && break
  done
fi
PY="${PY:-python3}"
OUT="${OUT:-/tmp/tmux_walk}"
SESSION="inspect-tui-walk-$$"
WIDTH="${WIDTH:-100}"
HEIGHT="${HEIGHT:-30}"

mkdir -p "$OUT"
WORK="$(mktemp -d)"
DB="$WORK/walk.sqlite"
export INSPECT_TUI_CONFIG_DIR="$WORK/config"  # never touch the user's own settings
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# A private tmux server (its own socket), so a user's own tmux sessions are never touched.
tmx() { tmux -u -L "$SESSION" "$@"; }
cleanup() { tmx kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# A database with the sample, plus a fresh round 2018Q3 on the same roster (nothing done yet).
"$PY" - "$DB" <<'EOF'
import sys
from inspect_tui.sample import load_sample
from inspect_tui.store import Store

with Store(sys.argv[1]) as store:
    keys = load_sample(store)
    store.create_round("2018Q3", "tmux walk", from_key=keys[-1])
    store.set_setting("last_round", "2018Q3")
EOF

start_app() {
  tmx new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" \
    "env INSPECT_TUI_CONFIG_DIR='$INSPECT_TUI_CONFIG_DIR' '$PY' -m inspect_tui --db '$DB' --lang zh-Hans"
}

wait_for() {  # wait_for TEXT: poll the pane until TEXT shows (10 s at most)
  for _ in $(seq 1 100); do
    if tmx capture-pane -p -t "$SESSION" 2>/dev/null | grep -q -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $1" >&2
  tmx capture-pane -p -t "$SESSION" >&2 || true
  return 1
}

capture() { tmx capture-pane -p -t "$SESSION" >"$OUT/$1.txt"; echo "captured $OUT/$1.txt"; }

keys() { for k in "$@"; do tmx send-keys -t "$SESSION" "$k"; sleep 0.3; done; }

# 1. Start, walk three sites (d = done and next), record a typo (4) on the fourth, quit.
start_app
wait_for "完成 0/36"
capture 1-start
keys d d d
wait_for "完成 3/36"
keys 4
wait_for "已保存"
capture 2-recorded
keys q
for _ in $(seq 1 50); do tmx has-session -t "$SESSION" 2>/dev/null || break; sleep 0.1; done

# 2. Restart: the app opens on the same round, the three sites are done, the typo is there.
start_app
wait_for "完成 3/36"
capture 3-restarted  # the walk reopens on the first unfinished site: the fourth
keys q

"$PY" - "$DB" <<'EOF'
import sys
from inspect_tui.model import Progress
from inspect_tui.store import Store

with Store(sys.argv[1]) as store:
    sites = store.round_sites("2018Q3")
    progress = store.progress("2018Q3")
    done = [s.short_name for s in sites if progress.get(s.uid) is Progress.DONE]
    typo = store.finding("2018Q3", sites[3].uid, "typo")
    assert len(done) == 3, done
    assert typo is not None and typo.count == 1, typo
    print(f"on disk: done {done}; {sites[3].short_name}: typo x{typo.count}")
EOF
for pane in 2-recorded 3-restarted; do
  grep -q "\[✓\] *錯別字" "$OUT/$pane.txt" || { echo "the typo is not shown in $pane" >&2; exit 1; }
done
echo "ok: the walk survived a restart (captures in $OUT)"
