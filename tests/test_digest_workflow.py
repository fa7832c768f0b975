"""The publish workflow writes the daily digest to the job summary and posts it to chat once a day."""

from __future__ import annotations

from .test_workflows import _load, _steps


def _step(name_part: str) -> dict:
    return next(s for s in _steps(_load("publish.yml")) if name_part in s.get("name", ""))


def test_every_run_writes_the_digest_to_the_job_summary():
    step = _step("job summary")
    assert "if" not in step
    assert "escalation digest --format markdown" in step["run"]
    assert step["run"].rstrip().endswith('>> "$GITHUB_STEP_SUMMARY"')


def test_only_the_scheduled_run_posts_and_a_failed_post_does_not_stop_publishing():
    step = _step("Post the daily digest")
    assert step["if"] == "github.event_name == 'schedule'"
    assert step["continue-on-error"] is True
    assert step["env"]["ESCALATION_WEBHOOK_URL"] == "${{ secrets.ESCALATION_WEBHOOK_URL }}"
    assert "--post-env ESCALATION_WEBHOOK_URL" in step["run"]
    assert "ESCALATION_WEBHOOK_URL }}" not in step["run"]  # the secret reaches the command only through env


def test_the_digest_links_to_the_published_site():
    configure = next(
        s for s in _steps(_load("publish.yml")) if s.get("uses", "").startswith("actions/configure-pages@")
    )
    assert configure["id"] == "pages"
    for name in ("job summary", "Post the daily digest"):
        step = _step(name)
        assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
        assert '--site-url "$SITE_URL/"' in step["run"]
