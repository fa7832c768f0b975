"""Render: turn policy and analysis into escaped HTML fragments and generated Markdown pages."""
