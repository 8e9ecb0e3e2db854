"""gunicorn's settings in production: `gunicorn -c config/gunicorn.py config.wsgi`.

Each setting can be overridden on the command line (`--bind`, `--workers`) or in
GUNICORN_CMD_ARGS.
"""

bind = "127.0.0.1:8000"
workers = 3
# Rendering a letter's PDF takes a few seconds.
timeout = 60


def post_worker_init(worker):
    """Read the ICD-10-CM titles for the diagnosis code type-ahead before the worker takes its
    first request. The box asks on every keystroke; without this, the first provider to type a
    code after a deploy waits about a second for each worker to read the code set."""
    from palliative.selectors import icd10_suggestions

    icd10_suggestions("palliative care")
