# Sourced by bin/start and bin/test: make .venv and install the given requirements file,
# skipping pip when the file has not changed since the last install.
REQUIREMENTS="$1"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-${REQUIREMENTS}"
if [ ! -f "$stamp" ]; then
  # Some machines' pip config names local package folders that do not exist; pip warns about
  # each one. Keep those lines out of the way, and everything else visible.
  .venv/bin/python -m pip install -q -r "$REQUIREMENTS" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  touch "$stamp"
fi
