"""Renewal Escalation Framework: policy and escalation log → validated, published playbook site.

Layers: ``policy`` and ``workbook`` load and validate; ``analysis`` applies the policy to the log; ``render``
turns both into escaped HTML. This module is the mkdocs-macros entry point and only wires macros in.
"""

from __future__ import annotations

from .build import current_context


def define_env(env) -> None:
    """Register the macros that hand-written pages in docs/ call."""
    from .render import home, policy_pages

    def page_url() -> str:
        page = getattr(env, "page", None)
        return page.url if page is not None else ""

    @env.macro
    def home_overview() -> str:
        return home.home_overview(current_context(), page_url())

    @env.macro
    def open_escalations_by_tier() -> str:
        return home.open_by_tier_tables(current_context(), page_url())

    @env.macro
    def tier_overview() -> str:
        from .render.tier_index import tier_overview as render

        return render(current_context(), page_url())

    @env.macro
    def stakeholder_matrix() -> str:
        return policy_pages.stakeholder_matrix(current_context().policy, page_url())

    @env.macro
    def communication_protocols() -> str:
        return policy_pages.communication_overview(current_context().policy, page_url())

    @env.macro
    def message_templates() -> str:
        return policy_pages.message_templates(current_context().policy)

    @env.macro
    def approval_matrix() -> str:
        return policy_pages.approval_matrix(current_context().policy, page_url())

    @env.macro
    def approval_lookup() -> str:
        from .render.approval_lookup import lookup_widget

        return lookup_widget(current_context(), page_url())

    @env.macro
    def role_hierarchy() -> str:
        return policy_pages.role_hierarchy(current_context().policy, page_url())

    @env.macro
    def delegations() -> str:
        context = current_context()
        return policy_pages.delegations_table(context.policy, context.dataset.as_of, page_url())

    @env.macro
    def escalation_index() -> str:
        from .render.indexes import escalation_index as render

        return render(current_context(), page_url())

    @env.macro
    def account_index() -> str:
        from .render.account_index import account_index as render

        return render(current_context(), page_url())

    @env.macro
    def actions_tracker() -> str:
        from .render.indexes import actions_tracker as render

        return render(current_context(), page_url())

    @env.macro
    def commitments_report() -> str:
        from .render.commitments_page import commitments_report as render

        return render(current_context(), page_url())

    @env.macro
    def data_quality_report() -> str:
        from .render.data_quality_page import data_quality_report as render

        return render(current_context(), page_url())

    @env.macro
    def monthly_reviews_index() -> str:
        from .render.monthly_page import reviews_index as render

        return render(current_context(), page_url())

    @env.macro
    def learnings() -> str:
        from .render.learnings_page import learnings as render

        return render(current_context(), page_url())

    @env.macro
    def full_site_link(target: str, text: str) -> str:
        """A Markdown link to a page that only the full site has; plain text in a policy-only build."""
        return f"[{text}]({target})" if current_context().full else text

    @env.macro
    def people_index() -> str:
        from .render.person_pages import people_index as render

        return render(current_context(), page_url())

    @env.macro
    def calendar_feeds() -> str:
        from .render.calendar_links import people_feeds

        return people_feeds(current_context(), page_url())

    @env.macro
    def calendar_feed_line() -> str:
        from .render.calendar_links import home_feed_line

        return home_feed_line(current_context(), page_url())

    @env.macro
    def company_name() -> str:
        from .render.html import esc

        return esc(current_context().policy.organisation.company.name)

    # Template pages (docs/templates/): intake form, executive briefing, resolution tracker, blank workbook.
    from .render import templates_pages

    def template_macro(render):
        def macro() -> str:
            return render(current_context().policy, page_url())

        return macro

    for render in (
        templates_pages.intake_fields,
        templates_pages.tier_guidance,
        templates_pages.blocker_types,
        templates_pages.briefing_outline,
        templates_pages.involvement_by_tier,
        templates_pages.tracker_columns,
        templates_pages.action_statuses,
        templates_pages.template_workbook_contents,
    ):
        env.macro(template_macro(render), render.__name__)

    from .build import timed_macros

    timed_macros(env.macros)  # a long build logs how long the macros took (see mkdocs_hooks.on_post_build)
